"""Join codes are rate-limited per account and per address: wrong codes count, right ones do not."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from lessons import services
from lessons.models import Enrolment
from tests.factories import make_cohort

LOCKED = "Too many wrong join codes"


@pytest.fixture
def cohort(course_data, instructor):
    return make_cohort(course_data["course"], instructor)


def join(client, code, address="10.0.0.7", **extra):
    return client.post(reverse("lessons:join"), {"code": code}, REMOTE_ADDR=address, **extra)


def sign_up(client, username, code, address="10.0.0.7", **extra):
    return client.post(reverse("signup"), {
        "username": username, "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42",
        "join_code": code}, REMOTE_ADDR=address, **extra)


@pytest.mark.django_db
def test_the_eleventh_wrong_code_from_one_account_is_refused(client, cohort, student, other_student):
    """After the limit of wrong codes, the account is refused with 429 and a message, even with the
    right code; another student elsewhere still joins."""
    client.force_login(student)
    for _ in range(settings.JOIN_FAILURE_LIMIT):
        wrong = join(client, "NOPE1234")
        assert wrong.status_code == 200
        assert "No class has that join code" in wrong.content.decode()
    refused = join(client, "NOPE1234")
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "15 minutes" in refused.content.decode()
    assert join(client, "JOIN2008").status_code == 429
    assert not Enrolment.objects.filter(user=student).exists()
    client.force_login(other_student)
    assert join(client, "JOIN2008", address="10.0.0.9").status_code == 302
    assert Enrolment.objects.get(user=other_student).cohort == cohort


@pytest.mark.django_db
def test_the_account_limit_follows_the_account_to_another_address(client, cohort, student):
    """Changing address does not give an account a fresh set of guesses."""
    client.force_login(student)
    for number in range(settings.JOIN_FAILURE_LIMIT):
        assert join(client, "NOPE1234", address=f"10.0.1.{number}").status_code == 200
    assert join(client, "JOIN2008", address="10.0.2.1").status_code == 429


@pytest.mark.django_db
def test_right_codes_neither_count_nor_reset_the_count(client, cohort, student):
    """Successful joins are not counted, and do not wipe the wrong codes before them."""
    client.force_login(student)
    for _ in range(settings.JOIN_FAILURE_LIMIT - 1):
        assert join(client, "NOPE1234").status_code == 200
    for _ in range(5):
        assert join(client, "JOIN2008").status_code == 302
    assert join(client, "NOPE1234").status_code == 200  # the limit-th wrong code is still answered
    assert join(client, "JOIN2008").status_code == 429


@pytest.mark.django_db
def test_sign_ups_with_wrong_codes_count_for_their_address(client, cohort, student):
    """Wrong codes at sign-up count against the address: past its limit, sign-up with a code and
    the join page refuse with 429 from there (creating no account), not from elsewhere."""
    for number in range(settings.JOIN_ADDRESS_FAILURE_LIMIT):
        wrong = sign_up(client, f"guesser{number}", "NOPE1234", address="203.0.113.5")
        assert wrong.status_code == 200
        assert "No class has that join code" in wrong.content.decode()
    refused = sign_up(client, "newbie", "JOIN2008", address="203.0.113.5")
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert not User.objects.filter(username__in=["newbie", "guesser0"]).exists()
    client.force_login(student)
    assert join(client, "JOIN2008", address="203.0.113.5").status_code == 429
    client.logout()
    assert sign_up(client, "newbie", "JOIN2008", address="198.51.100.7").status_code == 302
    assert Enrolment.objects.get(user__username="newbie").cohort == cohort


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_address_limit_is_per_client(client, cohort, settings):
    """Behind one trusted proxy, a client that used up its address's wrong codes does not block
    the others behind the same proxy, and cannot escape by forging X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"address": "10.0.0.2"}
    for number in range(settings.JOIN_ADDRESS_FAILURE_LIMIT):
        forged = f"192.0.2.{number}, 203.0.113.5"
        assert sign_up(client, f"g{number}", "NOPE1234", HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 200
    refused = sign_up(client, "newbie", "JOIN2008", HTTP_X_FORWARDED_FOR="192.0.2.250, 203.0.113.5", **proxy)
    assert refused.status_code == 429
    assert sign_up(client, "newbie", "JOIN2008", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 302


@pytest.mark.django_db
def test_the_limit_ends_after_the_cool_off(cohort, student):
    """Once the cool-off has passed, the same account and address can join again."""
    for _ in range(settings.JOIN_FAILURE_LIMIT):
        with pytest.raises(services.JoinError):
            services.cohort_join(user=student, code="NOPE1234", address="10.0.0.7")
    with pytest.raises(services.JoinLimited):
        services.cohort_join(user=student, code="JOIN2008", address="10.0.0.7")
    later = timezone.now() + settings.JOIN_COOLOFF + datetime.timedelta(seconds=1)
    assert services.cohort_join(user=student, code="JOIN2008", address="10.0.0.7", now=later).cohort == cohort


@pytest.mark.django_db(transaction=True)
def test_with_production_settings_the_count_is_kept_in_the_database(client, cohort, student):
    """With DEBUG off the counts live in a database table, one for every worker and server: the limit holds there."""
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import override_settings

    from config import settings as site_settings

    production = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "casebook_cache"}}
    assert site_settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")  # the test run has DEBUG on
    with override_settings(CACHES=production):
        call_command("createcachetable", verbosity=0)
        caches["default"].clear()
        client.force_login(student)
        for _ in range(settings.JOIN_FAILURE_LIMIT):
            assert join(client, "NOPE1234").status_code == 200
        assert join(client, "JOIN2008").status_code == 429
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM casebook_cache")
            assert cursor.fetchone()[0] >= 2  # the account's and the address's counts
