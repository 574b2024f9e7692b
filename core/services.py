"""Writes about people: signing up, accounts in bulk, the e-mailed password links, the language a person chose."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import roles, user_import
from core.models import LanguagePreference
from core.signup import signup_parts


def student_sign_up(*, form, request=None, now=None) -> tuple[User, list[str]]:
    """Create the account from a valid sign-up form (new accounts are students) and run every sign-up
    part's step (core.signup) in the same transaction; returns the account and the parts' welcome messages.
    A step that refuses raises SignUpRefused, and nothing is kept: no account is left behind."""
    with transaction.atomic():
        user = form.save()
        user.groups.add(Group.objects.get_or_create(name=roles.STUDENTS)[0])
        welcome = [message for part in signup_parts()
                   if (message := part.step(user=user, data=form.cleaned_data, request=request, now=now))]
    return user, welcome


def language_preference_set(*, user, language: str) -> LanguagePreference:
    """Remember the interface language a signed-in person chose (one of settings.LANGUAGES)."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    preference, _created = LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
    return preference


# ---- accounts in bulk -----------------------------------------------------------------

def _password_link_send(*, user, request) -> None:
    """E-mail a new account the link that sets its first password (Django's password-reset confirm page)."""
    context = {
        "user": user, "protocol": "https" if request.is_secure() else "http", "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("registration/account_created_subject.txt", context).splitlines())
    send_mail(subject, render_to_string("registration/account_created_email.txt", context), None, [user.email])


def users_password_links_send(*, users, request) -> int:
    """E-mail each of `users` that has an address a link to set a new password; returns how many were sent."""
    sent = 0
    for user in users:
        if user.email:
            _password_link_send(user=user, request=request)
            sent += 1
    return sent


@transaction.atomic
def users_import(*, rows, request=None, send_links: bool = False) -> list[User]:
    """Create the accounts of the import rows that passed their checks, each with its role and class.

    The accounts have no password: the person sets one through the e-mailed link (when `send_links`), or an
    administrator sets it on the account's page. Rows with errors are skipped."""
    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in
              (("student", roles.STUDENTS), ("instructor", roles.INSTRUCTORS),
               ("administrator", roles.ADMINISTRATORS))}
    created = []
    for row in rows:
        if not row.ok:
            continue
        user = User(username=row.username, first_name=row.first_name, last_name=row.last_name, email=row.email,
                    is_staff=row.role == "administrator")
        user.set_unusable_password()
        try:
            with transaction.atomic():  # a savepoint: the other rows go on
                user.save()
        except IntegrityError:
            row.errors.append(_("An account called “%(name)s” was made while the file was being checked; this row "
                                "was skipped.") % {"name": row.username})
            continue
        user.groups.add(groups[row.role])
        if row.cohort is not None:
            user_import.class_column().join(user=user, row=row)
        created.append(user)
    if send_links and request is not None:
        # After the commit: a rolled-back import must not have sent links to accounts that do not exist.
        with_email = [user for user in created if user.email]
        transaction.on_commit(lambda: [_password_link_send(user=user, request=request) for user in with_email])
    return created
