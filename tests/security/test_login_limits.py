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
    """A correct password before the limit clears the count: as many failures again do not lock the account."""
    make_user("forgetful")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "forgetful", "wrong")
    assert attempt(client, "forgetful", "pw-for-tests-123").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "forgetful", "wrong")
    assert attempt(client, "forgetful", "pw-for-tests-123").status_code == 302


PROXY = "10.0.0.2"  # the address every request arrives from behind nginx


def via_proxy(client, username, password, forwarded_for):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def lock(client, username, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert via_proxy(client, username, "wrong", forwarded_for).status_code == 200
    assert via_proxy(client, username, "wrong", forwarded_for).status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_one_client_cannot_lock_another_out(client, settings):
    """With one trusted proxy, failures from one client lock that client only: the owner of the
    account, behind the same proxy, still logs in."""
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("victim")
    lock(client, "victim", "203.0.113.5")
    assert via_proxy(client, "victim", "pw-for-tests-123", "203.0.113.5").status_code == 429
    assert via_proxy(client, "victim", "pw-for-tests-123", "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_a_forged_leftmost_entry_is_not_believed(client, settings):
    """Behind one trusted proxy, entries the client put before the proxy's own are ignored: changing
    them does not dodge the lock, and naming the victim's address there does not lock the victim."""
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("victim")
    lock(client, "victim", "198.51.100.7, 203.0.113.5")  # forged victim address, then the attacker's
    dodge = via_proxy(client, "victim", "pw-for-tests-123", "192.0.2.99, 203.0.113.5")
    assert dodge.status_code == 429
    assert via_proxy(client, "victim", "pw-for-tests-123", "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    """With no trusted proxy (the default), X-Forwarded-For from a client neither dodges the lock
    nor moves it onto another address."""
    settings.TRUSTED_PROXY_COUNT = 0
    make_user("victim")
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt_from = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        client.post(reverse("login"), {"username": "victim", "password": "wrong"}, **attempt_from)
    dodge = client.post(reverse("login"), {"username": "victim", "password": "pw-for-tests-123"},
                        REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert dodge.status_code == 429
    assert attempt(client, "victim", "pw-for-tests-123", address="198.51.100.0").status_code == 302
