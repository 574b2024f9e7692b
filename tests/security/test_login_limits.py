"""Login rate limiting: locked on username plus address, with a clear message."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_user


def attempt(client, username, password, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_repeated_failures_lock_that_account_from_that_address_only(client):
    """After the limit, this username from this address is refused with 429 and a message;
    a classmate behind the same school address still logs in."""
    make_user("victim")
    make_user("classmate")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "victim", "wrong").status_code == 200
    assert attempt(client, "victim", "wrong").status_code == 429  # the limit-th failure locks
    locked = attempt(client, "victim", "pw-for-tests-123")
    assert locked.status_code == 429
    assert f"wait {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in locked.content.decode()
    assert attempt(client, "classmate", "pw-for-tests-123").status_code == 302
    assert attempt(client, "victim", "pw-for-tests-123", address="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_count(client):
    make_user("forgetful")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "forgetful", "wrong")
    assert attempt(client, "forgetful", "pw-for-tests-123").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "forgetful", "wrong")
    assert attempt(client, "forgetful", "pw-for-tests-123").status_code == 302
