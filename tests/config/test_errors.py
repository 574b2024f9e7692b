"""A database outage while people are signed in. Wherever a request is when
the connection drops — loading the session, checking the user, in the middle
of a page's queries or a transaction, saving the session at the end — the
answer is the friendly 503, and the same session works once the database is
back. The connection really goes away: the driver's connection is closed under
Django and the database moves out of reach (PostgreSQL to a port where nothing
listens, SQLite to a file in a folder that does not exist)."""

from contextlib import contextmanager

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import make_course

PASSWORD = "pw-for-tests-123"  # tests.factories.make_user's

# Outages close the connection: each test runs outside a test transaction (the `site` fixture is tests.site's).
pytestmark = pytest.mark.django_db(transaction=True)


def _out_of_reach(settings_dict):
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/casebook.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"


@contextmanager
def outage(at_query=None):
    """The database is out of reach. With at_query=None, from before the next request;
    with at_query=n, the connection drops just before the request's n-th query.
    Yields a list that holds the dropped query's SQL once the drop happened."""
    saved = dict(connection.settings_dict)
    queries = 0
    dropped = []

    def drop(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        if queries == at_query:
            _out_of_reach(connection.settings_dict)
            connection.connection.close()
            dropped.append(sql)
        return execute(sql, params, many, context)

    if at_query is None:
        connection.close()
        _out_of_reach(connection.settings_dict)
    try:
        with connection.execute_wrapper(drop):
            yield dropped
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def _count_queries(request) -> int:
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        request()
    return count


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "briefly unavailable" in page and "Traceback" not in page


def _signed_in(user) -> Client:
    """A browser that logged in through the login page: a real session row, a real cookie."""
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and Session.objects.count() >= 1
    return client


PAGES = {
    "instructor: class overview": ("teacher", lambda s: ("get", reverse("dashboard:overview", args=[s["cohort"].pk]),
                                                         {}, {})),
    "student: open attempt": ("student", lambda s: ("get", s["attempt"].get_absolute_url(), {}, {})),
    "student: autosave": ("student", lambda s: ("post", reverse("quizzes:save", args=[s["attempt"].pk]), {},
                                                {"HTTP_X_REQUESTED_WITH": "fetch"})),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_an_outage_from_before_the_request_gives_503_and_the_session_survives(site, page):
    """Database unreachable when a signed-in request arrives: 503; once it is back, the same session is signed in."""
    who, address = PAGES[page]
    method, url, data, headers = address(site)
    client = _signed_in(site["users"][who])
    with outage():
        assert_friendly_503(getattr(client, method)(url, data, **headers))
    assert getattr(client, method)(url, data, **headers).status_code == 200


def assert_503_wherever_it_drops(prepare):
    """Drop the connection before a request's 1st query, then before its 2nd, ... its last:
    each time the friendly 503. `prepare()` runs before each try, with the database up,
    and returns the request to make."""
    total = _count_queries(prepare())
    assert total >= 3
    for at_query in range(1, total + 1):
        request = prepare()
        with outage(at_query) as dropped:
            response = request()
        assert dropped, f"query {at_query} of {total} never ran"
        assert response.status_code == 503, f"query {at_query} of {total} ({dropped[0][:60]}): {response.status_code}"
        assert_friendly_503(response)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_connection_dropping_at_any_query_gives_503_and_the_session_survives(site, page):
    """Wherever the connection drops (the session load, the user, the page's queries): 503, then 200 again."""
    who, address = PAGES[page]
    method, url, data, headers = address(site)
    client = _signed_in(site["users"][who])

    def send():
        return getattr(client, method)(url, data, **headers)

    def page_works_again():
        assert send().status_code == 200  # the same session, still signed in
        return send

    page_works_again()  # the first overview summarises the attempts; the drops are tried on the steady state
    assert_503_wherever_it_drops(page_works_again)
    page_works_again()


def test_logging_in_while_the_connection_drops_gives_503_at_every_step(site):
    """Logging in reads the user and writes the session at the very end; a drop anywhere is a 503, then it works."""
    form = {"username": "student", "password": PASSWORD}
    assert_503_wherever_it_drops(lambda: lambda: Client(raise_request_exception=False).post(reverse("login"), form))
    assert Client().post(reverse("login"), form).status_code == 302


def test_setting_a_new_password_while_the_connection_drops_gives_503_at_every_step(site):
    """The reset link's last step writes the new password, then the session at the very end
    (where Django turns a failed write into a 400): a drop anywhere is a 503, then it works."""
    student = site["student"]
    form = {"new_password1": "a-new-passphrase-2008", "new_password2": "a-new-passphrase-2008"}

    def open_reset_link():
        """A fresh browser follows a fresh link: the token is kept in its session, the form is next."""
        client = Client(raise_request_exception=False)
        student.refresh_from_db()
        uid, token = urlsafe_base64_encode(force_bytes(student.pk)), default_token_generator.make_token(student)
        response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
        assert response.status_code == 302
        return lambda: client.post(response["Location"], form)

    assert_503_wherever_it_drops(open_reset_link)
    assert open_reset_link()().status_code == 302


def test_a_session_deleted_during_the_request_is_still_a_400(site):
    """Not an outage: the session row vanishing mid-request (a logout elsewhere) keeps Django's 400 page."""
    client = Client(raise_request_exception=False)

    def delete_sessions_first(execute, sql, params, many, context):
        if sql.startswith('UPDATE "django_session"'):
            Session.objects.all().delete()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(delete_sessions_first):
        response = client.post(reverse("login"), {"username": "student", "password": PASSWORD})
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_database_going_away_gives_a_friendly_503_and_recovers():
    """With the database unreachable, pages answer 503 with a clear message; when it returns, 200.
    The connection really goes away: PostgreSQL to a port where nothing listens, SQLite to a
    file in a folder that does not exist."""
    course, _, _ = make_course()
    client = Client(raise_request_exception=False)
    assert client.get(course.get_absolute_url()).status_code == 200
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/casebook.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        response = client.get(course.get_absolute_url())
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "briefly unavailable" in page and "Traceback" not in page
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert client.get(course.get_absolute_url()).status_code == 200
