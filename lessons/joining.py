"""What lessons adds to core's sign-up and account import, which know nothing of classes: the class
join code on the sign-up form, and the import's "class" column. Plugged in by LessonsConfig.ready()."""

from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.client_address import client_address
from core.signup import SignUpPart, SignUpRefused
from core.user_import import ClassColumn
from lessons import services
from lessons.models import Cohort


def _sign_up_join(*, user, data, request, now=None) -> str | None:
    """Join the class of the sign-up's code, in the sign-up's transaction: a code that cannot be used
    (wrong, expired, or joining paused) refuses the whole sign-up."""
    code = data.get("join_code")
    if not code:
        return None
    address = client_address(request) if request is not None else None
    try:
        enrolment = services.cohort_join_on_sign_up(user=user, code=code, address=address, now=now)
    except services.JoinError as error:
        status = 429 if isinstance(error, services.JoinLimited) else 200
        raise SignUpRefused("join_code", str(error), status) from None
    return _("Welcome! You joined %(cohort)s.") % {"cohort": enrolment.cohort}


SIGNUP_PART = SignUpPart(step=_sign_up_join, fields={
    "join_code": forms.CharField(
        label=gettext_lazy("Class join code (optional)"), max_length=20, required=False,
        help_text=gettext_lazy("If your instructor gave you a code, enter it to join their class.")),
})


def _cohorts_by_text(texts: set[str]) -> dict[str, list[Cohort]]:
    """Every class a row names, by join code or by name (case-insensitive), in one query."""
    found: dict[str, list[Cohort]] = {text.lower(): [] for text in texts}
    codes = {services.join_code_normalise(text) for text in texts}
    cohorts = (Cohort.objects.select_related("course").annotate(lowered=Lower("name"))
               .filter(Q(join_code__in=codes) | Q(lowered__in=set(found))))
    for cohort in cohorts:
        for text in texts:
            if cohort.join_code == services.join_code_normalise(text) or cohort.lowered == text.lower():
                found[text.lower()].append(cohort)
    return found


def _import_join(*, user, row) -> None:
    if row.role == "student":
        services.enrolment_create(user=user, course=row.cohort.course, cohort=row.cohort)
    else:
        row.cohort.instructors.add(user)


IMPORT_CLASS_COLUMN = ClassColumn(find=_cohorts_by_text, join=_import_join)
