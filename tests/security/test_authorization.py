"""Every URL of the site, tried as each kind of visitor. The expected answer
for each is a row of the table in tests/security/authorization.py; a URL with
no row fails the suite, so a new page cannot ship without saying who may reach
it. Also: CSRF on every form, and no secret or answer key in any page a student
can load."""

import pytest
from django.conf import settings
from django.test import Client

from tests.security.authorization import LOGIN, OK, ROLES, TABLE, address, site_url_names


def test_every_url_has_a_row():
    """A new URL must say who may reach it."""
    assert site_url_names() | {"admin:index"} == set(TABLE)


def matches(expected, method, response) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    if expected == OK and method == "post":
        return response.status_code == 302 and "login" not in response["Location"]
    if expected == OK:
        return response.status_code == 200
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_url_as_each_role(site, name, role):
    """Fresh data for each pair, so one role's action never changes what the next one sees."""
    method, expected = TABLE[name]
    client = Client()
    if site["users"][role]:
        client.force_login(site["users"][role])
    response = getattr(client, method)(address(site, name))
    assert matches(expected[role], method, response), (name, role, response.status_code, response.get("Location"))


# The LTI launch is posted by the LMS from its own site: no CSRF token can come
# with it, and the signed, single-use id_token is the proof (tests/lti/).
CSRF_EXEMPT = {"lti:launch"}
POST_FORMS = [name for name, (method, _) in TABLE.items() if method == "post" and name not in CSRF_EXEMPT] + [
    "login", "signup", "password_reset", "lessons:join", "quizzes:submit", "password_change"]


@pytest.mark.parametrize("name", sorted(set(POST_FORMS)))
def test_every_form_needs_its_csrf_token(site, name):
    """A POST without the CSRF token is refused for a signed-in user of the right role."""
    client = Client(enforce_csrf_checks=True)
    method, expected = TABLE[name]
    role = next((r for r in ("student", "instructor", "admin") if expected[r] not in (403, 404, LOGIN)), "student")
    client.force_login(site["users"][role])
    assert client.post(address(site, name), {}).status_code == 403, name


def test_no_secret_or_answer_key_in_any_page_a_student_loads(site):
    """Every GET page a student may load, with an attempt open: no secret key, no key, no feedback."""
    client = Client()
    client.force_login(site["student"])
    loaded = 0
    for name, (method, expected) in TABLE.items():
        if method != "get" or expected["student"] not in (200, OK):
            continue
        response = client.get(address(site, name), follow=True)
        body = response.content.decode()
        for secret in (settings.SECRET_KEY, "SECRET-FEEDBACK", "Because of q-", "Tskhinval<", '"correct"'):
            assert secret not in body, (name, secret)
        loaded += 1
    assert loaded >= 15
