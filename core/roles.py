"""The three roles, as Django groups created by a migration.

Students, instructors and administrators are groups; a superuser counts as
an administrator. Views ask these functions, never group names directly."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

STUDENTS = "Students"
INSTRUCTORS = "Instructors"
ADMINISTRATORS = "Administrators"
# The roles as `role_of` names them, as a person reads them.
LABELS = {"student": gettext_lazy("student"), "instructor": gettext_lazy("instructor"),
          "administrator": gettext_lazy("administrator")}


def _groups(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_casebook_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._casebook_groups = cached
    return cached


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATORS in _groups(user))


def is_instructor(user) -> bool:
    """Instructors run classes and author the courses they are made authors of
    (`Course.objects.authored_by`); administrators may do both everywhere."""
    return is_administrator(user) or INSTRUCTORS in _groups(user)


def role_of(user) -> str:
    if is_administrator(user):
        return "administrator"
    if is_instructor(user):
        return "instructor"
    return "student"


def instructor_required(view):
    """A view for instructors (and administrators): log in first, then 403 for anyone else."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_instructor(request.user):
            raise PermissionDenied("Only instructors can use this page.")
        return view(request, *args, **kwargs)
    return wrapped
