"""Requests that are malformed on purpose get a clear 400 or 404, never a 500:
a Host header the site does not serve, a form body in a charset that cannot be
read, and an id too large for the database. Tried with production's DEBUG=False
and a restricted ALLOWED_HOSTS, where a 500 would show."""

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter


PRODUCTION = override_settings(DEBUG=False, ALLOWED_HOSTS=["casebook.example"])
HOST = {"HTTP_HOST": "casebook.example"}
TOO_BIG = 2**63  # one more than the largest id a 64-bit signed column holds
BOUNDARY = "CasebookBoundary"


def _multipart(charset: str) -> tuple[bytes, str]:
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nsomeone\r\n"
            f"--{BOUNDARY}--\r\n").encode()
    return body, f"multipart/form-data; boundary={BOUNDARY}; charset={charset}"


@pytest.fixture
def production_client(db):
    """A client with the CSRF cookie a browser would have from an earlier page."""
    with PRODUCTION:
        client = Client(raise_request_exception=False, enforce_csrf_checks=True, **HOST)
        assert client.get(reverse("login")).status_code == 200
        yield client


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_host_the_site_does_not_serve_gets_the_400_page(db, method):
    """A request for another Host is refused with 400 and the site's own "Bad request" page."""
    with PRODUCTION:
        response = getattr(Client(raise_request_exception=False), method)("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_host_the_site_does_not_serve_is_logged_as_one_warning(db, caplog):
    """A request for another Host is an expected refusal: one WARNING line, no ERROR and no traceback."""
    with PRODUCTION, caplog.at_level("INFO"):
        Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [(r.levelname, r.exc_info) for r in records] == [("WARNING", None)]
    assert not [r for r in caplog.records if r.levelno >= 40]


@pytest.mark.parametrize("content_type", [
    "application/x-www-form-urlencoded; charset=bogus",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=utf-16",
])
@pytest.mark.parametrize("path", ["/accounts/login/", "/no-such-page/"])
def test_a_form_in_a_charset_we_do_not_read_gets_400(production_client, content_type, path):
    """A url-encoded form is UTF-8: any other declared charset, known or not, is a 400 page, also for a missing page."""
    response = production_client.generic("POST", path, b"username=someone&password=x", content_type=content_type)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.parametrize("charset", ["bogus", "base64", "rot13", "zlib", "idna"])
def test_a_multipart_form_in_a_charset_that_is_not_text_gets_400(production_client, charset):
    """Multipart forms with an unknown charset, or a codec that is not a text encoding, are a 400 page."""
    body, content_type = _multipart(charset)
    response = production_client.generic("POST", "/accounts/login/", body, content_type=content_type)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_multipart_form_in_a_real_charset_is_still_read(production_client):
    """A multipart form declaring a real text charset reaches the view (here: the CSRF check refuses it, 403)."""
    body, content_type = _multipart("utf-8")
    response = production_client.generic("POST", "/accounts/login/", body, content_type=content_type)
    assert response.status_code == 403


def _int_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _int_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            for name, converter in pattern.pattern.converters.items():
                yield prefix + str(pattern.pattern), name, converter


def test_no_url_takes_an_unbounded_integer():
    """Every numeric id in a URL uses the id converter, which refuses what the database cannot store."""
    plain = [(route, name) for route, name, converter in _int_patterns() if type(converter) is IntConverter]
    assert plain == []


def _ids(site) -> dict:
    """The ids the URLs take, from tests.site's site: the class, the other student's submitted attempt, that
    student, the quiz."""
    return {"cohort": site["cohort"].pk, "attempt": site["done"].pk, "user": site["done"].user_id,
            "quiz": site["quiz"].pk}


# (who, method, URL name, its arguments as keys of `_ids`, the argument made too big, the status with
# valid ids: a page 200, an action's redirect 302, and the submitted attempt's page redirects to its review)
HUGE_ID_URLS = [
    ("other_student", "get", "quizzes:attempt", {"pk": "attempt"}, "pk", 302),
    ("other_student", "post", "quizzes:save", {"pk": "attempt"}, "pk", 302),
    ("other_student", "get", "quizzes:review", {"pk": "attempt"}, "pk", 200),
    ("teacher", "get", "dashboard:overview", {"pk": "cohort"}, "pk", 200),
    ("teacher", "get", "dashboard:student", {"pk": "cohort", "user_id": "user"}, "user_id", 200),
    ("teacher", "post", "dashboard:accommodate", {"pk": "cohort", "user_id": "user"}, "user_id", 302),
    ("teacher", "post", "dashboard:remove-student", {"pk": "cohort", "user_id": "user"}, "user_id", 302),
    ("teacher", "post", "dashboard:attempt-reset", {"pk": "cohort", "attempt_id": "attempt"}, "attempt_id", 302),
    ("teacher", "get", "dashboard:quiz-report", {"pk": "cohort", "quiz_id": "quiz"}, "quiz_id", 200),
]


@pytest.mark.parametrize("who, method, name, arguments, big, valid_status", HUGE_ID_URLS,
                         ids=[row[2] for row in HUGE_ID_URLS])
def test_an_id_beyond_64_bits_is_404(site, who, method, name, arguments, big, valid_status):
    """An id of 2**63 or more matches no URL: the site's 404 page, not a database overflow."""
    client = Client(raise_request_exception=False, **HOST)
    client.force_login(site["users"][who])
    ids = _ids(site)
    kwargs = {key: ids[value] for key, value in arguments.items()}
    with PRODUCTION:
        valid = getattr(client, method)(reverse(name, kwargs=kwargs), {"quiz": ids["quiz"]})
        response = getattr(client, method)(reverse(name, kwargs={**kwargs, big: TOO_BIG}), {"quiz": ids["quiz"]})
    assert valid.status_code == valid_status
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_the_largest_64_bit_id_is_an_ordinary_404(site):
    """2**63 - 1 still matches the URL and finds nothing: the limit is exactly the database's."""
    client = Client(raise_request_exception=False, **HOST)
    client.force_login(site["users"]["teacher"])
    with PRODUCTION:
        response = client.get(reverse("dashboard:student", kwargs={"pk": site["cohort"].pk, "user_id": TOO_BIG - 1}))
    assert response.status_code == 404
