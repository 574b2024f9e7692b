"""Password hashing: the Argon2id hasher logs people in, and a worker process runs at most
PASSWORD_HASHING_CONCURRENCY hashes at once."""

import threading
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher, make_password
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from config import settings as production
from config.hashers import BoundedHashingMixin, hashing_slots
from tests.factories import make_user

PASSWORD = "pw-for-tests-123"


class OverlapRecorder:
    """Counts the hashes running at the same moment (hashes_at_once is the most seen)."""

    lock = threading.Lock()
    running = 0
    hashes_at_once = 0
    hashes = 0

    @classmethod
    def reset(cls):
        cls.running = cls.hashes_at_once = cls.hashes = 0


class RecordingHasher(BoundedHashingMixin, MD5PasswordHasher):
    """MD5 that takes 0.3 s per hash and records how many hashes overlap."""

    algorithm = "recording_md5"

    def encode(self, password, salt):
        return self._bounded(self._slow_encode, password, salt)

    def _slow_encode(self, password, salt):
        with OverlapRecorder.lock:
            OverlapRecorder.running += 1
            OverlapRecorder.hashes += 1
            OverlapRecorder.hashes_at_once = max(OverlapRecorder.hashes_at_once, OverlapRecorder.running)
        time.sleep(0.3)
        with OverlapRecorder.lock:
            OverlapRecorder.running -= 1
        return MD5PasswordHasher.encode(self, password, salt)


RECORDING = "tests.config.test_hashers.RecordingHasher"


def log_in_together(usernames):
    """Posts the log-in form for each username at once, one thread and client each; the statuses."""
    statuses = {}
    start = threading.Barrier(len(usernames))
    url = reverse("login")

    def log_in(username):
        client = Client()
        start.wait()
        statuses[username] = client.post(url, {"username": username, "password": PASSWORD},
                                         REMOTE_ADDR="10.0.0.7").status_code

    threads = [threading.Thread(target=log_in, args=(name,)) for name in usernames]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.fixture
def recording(settings):
    settings.PASSWORD_HASHERS = [RECORDING]
    OverlapRecorder.reset()
    return OverlapRecorder


@pytest.mark.django_db
def test_the_production_hasher_is_argon2id_and_its_password_logs_in(client, settings):
    """With production's hashers, a new password is stored as Argon2id and the log-in form accepts it."""
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("ana")
    assert user.password.startswith("argon2$argon2id$v=19$m=65536,t=2,p=1$")
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_password_set_with_pbkdf2_logs_in_and_is_rehashed_with_argon2(client, settings):
    """A password stored before Argon2 (PBKDF2) still logs in, and that login stores it as Argon2id."""
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user("nino")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post(reverse("login"), {"username": "nino", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.django_db(transaction=True)
def test_with_one_slot_two_logins_at_once_hash_one_after_the_other(recording, settings):
    """With PASSWORD_HASHING_CONCURRENCY = 1, two students posting the log-in form at the same
    moment are both logged in, and their password checks never run at the same time."""
    settings.PASSWORD_HASHING_CONCURRENCY = 1
    make_user("first", password=PASSWORD)
    make_user("second", password=PASSWORD)
    recording.reset()
    assert log_in_together(["first", "second"]) == {"first": 302, "second": 302}
    assert recording.hashes == 2
    assert recording.hashes_at_once == 1


@pytest.mark.django_db(transaction=True)
def test_with_two_slots_two_logins_at_once_hash_together(recording, settings):
    """With PASSWORD_HASHING_CONCURRENCY = 2, the same two logins hash at the same time (the bound
    is the setting, not a lock on every hash)."""
    settings.PASSWORD_HASHING_CONCURRENCY = 2
    make_user("first", password=PASSWORD)
    make_user("second", password=PASSWORD)
    recording.reset()
    assert log_in_together(["first", "second"]) == {"first": 302, "second": 302}
    assert recording.hashes == 2
    assert recording.hashes_at_once == 2


@pytest.mark.django_db(transaction=True)
def test_a_page_is_served_while_a_login_waits_for_the_hashing_slot(recording, settings):
    """With the one slot held, a signed-in student's page is served while a login in another
    thread waits for the slot; once the slot is free, that login succeeds."""
    settings.PASSWORD_HASHING_CONCURRENCY = 1
    make_user("waiting", password=PASSWORD)
    browser = Client()
    browser.force_login(make_user("reader", password=PASSWORD))
    recording.reset()
    results = {}
    login = threading.Thread(target=lambda: results.update(log_in_together(["waiting"])))
    home = reverse("lessons:home")
    page = threading.Thread(target=lambda: results.update(page=browser.get(home).status_code))
    slots = hashing_slots()
    slots.acquire()
    try:
        login.start()
        time.sleep(0.2)
        page.start()
        page.join(timeout=10)
        assert results == {"page": 200}
        assert recording.hashes == 0
    finally:
        slots.release()
    login.join(timeout=30)
    assert results == {"page": 200, "waiting": 302}
    assert recording.hashes == 1
