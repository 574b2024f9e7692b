"""Inside the LMS's iframe: frame-ancestors and X-Frame-Options give way only
to registered platforms, only for LTI pages and LTI sessions; those sessions'
cookies are SameSite=None; Secure over HTTPS. And Casebook's key set."""

import io

import jwt
import pytest
from django.core.management import call_command
from django.test import Client
from jwcrypto.jwk import JWK
from lti_tool.models import Key

from lti.models import FrameOrigin
from tests.factories import make_course
from tests.lti.conftest import do_launch, login_start
from tests.lti.platform import INSTRUCTOR


@pytest.fixture
def course(db):
    return make_course()[0]


def _frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split("; ") if part.startswith("frame-ancestors")).split()[1:]


def test_ordinary_pages_still_refuse_every_frame(registration, client, course):
    """Outside LTI, nothing changes: frame-ancestors 'none' and X-Frame-Options DENY."""
    response = client.get(course.get_absolute_url())
    assert _frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_lti_pages_may_be_framed_by_registered_platforms_only(registration, platform, client):
    """The login page names the registered platforms' origins (and the extra ones) and sends no X-Frame-Options."""
    FrameOrigin.objects.create(registration=registration, origin="https://school.instructure.com")
    response = client.get("/lti/login/", {"iss": platform.issuer, "login_hint": "x",
                                          "target_link_uri": "http://testserver/lti/launch/"})
    assert _frame_ancestors(response) == sorted([platform.url, "https://school.instructure.com"])
    assert "X-Frame-Options" not in response


def test_a_launched_session_may_be_framed_by_its_platform(registration, platform, course):
    """After a launch, the course page (not an LTI URL) may be framed by the launching platform."""
    client, response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR],
                                 custom={"casebook": f"course:{course.slug}"})
    page = client.get(response["Location"])
    assert _frame_ancestors(page) == [platform.url]
    assert "X-Frame-Options" not in page


def test_launch_cookies_are_samesite_none_and_secure_over_https(registration, platform, course):
    """Over HTTPS the launch's session cookie is SameSite=None; Secure, so the frame keeps it."""
    client = Client()
    state, nonce = login_start(client, platform, secure=True)
    response = client.post("/lti/launch/", {"id_token": platform.id_token(nonce=nonce), "state": state},
                           secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["samesite"], session["secure"]) == ("None", True)


def test_launch_over_https_without_the_login_cookie_is_refused(registration, platform, course):
    """Over HTTPS a launch whose browser lost the login's cookie is refused with advice, not an error."""
    client = Client()
    state, nonce = login_start(client, platform, secure=True)
    fresh = Client()
    response = fresh.post("/lti/launch/", {"id_token": platform.id_token(nonce=nonce), "state": state},
                          secure=True)
    assert response.status_code == 403
    assert "Open Casebook in a new window" in response.content.decode()


def test_ordinary_logins_keep_lax_cookies(client, student):
    """A password log-in over HTTPS keeps the site's Lax session cookie."""
    response = client.post("/accounts/login/", {"username": "student", "password": "pw-for-tests-123"},
                           secure=True)
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def test_jwks_publishes_the_key_that_signs(registration, platform, client):
    """The JWKS serves the active public key, and it verifies what Casebook signs for the platform."""
    keys = client.get("/lti/jwks/").json()["keys"]
    assert [key["kid"] for key in keys] == [str(Key.objects.get())]
    assert all("d" not in key for key in keys)  # public halves only
    private = Key.objects.get().private_key
    token = jwt.encode({"iss": "casebook"}, private, algorithm="RS256", headers={"kid": keys[0]["kid"]})
    assert jwt.decode(token, JWK.from_json(__import__("json").dumps(keys[0])).export_to_pem(),
                      algorithms=["RS256"])["iss"] == "casebook"


def test_key_rotation_adds_a_key_and_retires_old_ones(registration, client):
    """`rotate_keys` (django-lti) makes a new key; keys older than the grace period leave the JWKS."""
    old = Key.objects.get()
    Key.objects.filter(pk=old.pk).update(datetime_created=old.datetime_created.replace(year=2020))
    call_command("rotate_keys", stdout=io.StringIO())
    kids = [key["kid"] for key in client.get("/lti/jwks/").json()["keys"]]
    assert kids == [str(Key.objects.latest())]
    assert str(old) not in kids


def test_jwks_makes_a_key_on_a_fresh_install(db, client):
    """No key yet: the JWKS makes one rather than answering empty."""
    assert len(client.get("/lti/jwks/").json()["keys"]) == 1
