"""Sign-up with a class join code is one transaction: a code that stops working while the account is
being made gives the form's message, and no account is left behind."""

import contextlib

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from lessons import services
from lessons.models import Cohort, Enrolment
from tests.factories import make_cohort

ADDRESS = "10.0.0.7"


@pytest.fixture
def cohort(course_data, instructor):
    return make_cohort(course_data["course"], instructor)


def sign_up(client, username="newcomer", code="JOIN2008"):
    return client.post(reverse("signup"), {
        "username": username, "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
        "join_code": code}, REMOTE_ADDR=ADDRESS)


@contextlib.contextmanager
def when_the_account_is_made(change):
    """Run `change` the moment the new account's row is written, as another request could."""
    def receiver(sender, instance, created, **kwargs):
        if created:
            change()
    post_save.connect(receiver, sender=User, dispatch_uid="when-the-account-is-made")
    try:
        yield
    finally:
        post_save.disconnect(sender=User, dispatch_uid="when-the-account-is-made")


@pytest.mark.django_db
def test_a_code_that_expires_as_the_account_is_made_gives_the_form_error_and_no_account(client, cohort):
    """The code expires between the form's check and the account's creation: the form says it expired,
    and neither the account nor an enrolment in the expired class is kept."""
    def expire():
        Cohort.objects.filter(pk=cohort.pk).update(join_code_expires_at=timezone.now())

    with when_the_account_is_made(expire):
        response = sign_up(client)
    assert response.status_code == 200
    assert "That join code has expired" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    assert not Enrolment.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_class_deleted_as_the_account_is_made_gives_the_form_error_not_a_500(client, cohort):
    """The class goes while the account is being made: the form says no class has the code (no 500 from an
    enrolment in a class that no longer exists), and no account is kept."""
    with when_the_account_is_made(lambda: Cohort.objects.filter(pk=cohort.pk).delete()):
        response = sign_up(client)
    assert response.status_code == 200
    assert "No class has that join code" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_joining_paused_as_the_account_is_made_gives_429_and_no_account(client, cohort):
    """The address reaches the limit of wrong codes while the account is being made: 429 with the
    limit's message, and no account is kept."""
    def pause():
        for _ in range(settings.JOIN_ADDRESS_FAILURE_LIMIT):
            services.join_failure_record(address=ADDRESS)

    with when_the_account_is_made(pause):
        response = sign_up(client)
    assert response.status_code == 429
    assert "Too many wrong join codes" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_sign_up_with_a_good_code_makes_a_student_in_the_class(client, cohort):
    """The account is made, a student, logged in, in the class, welcomed by the class's name."""
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert list(user.groups.values_list("name", flat=True)) == ["Students"]
    assert Enrolment.objects.get(user=user).cohort == cohort
    assert int(client.session["_auth_user_id"]) == user.pk
    assert f"Welcome! You joined {cohort}." in client.get(response["Location"]).content.decode()
