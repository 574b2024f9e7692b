"""Casebook inside an LMS's iframe, in real Chromium: the pretend LMS
(tests/lti/platform.py) shows a course page that frames Casebook's login
initiation; the cookie check, the OIDC round trip and the signed launch all
happen inside the frame, which ends on the course page, signed in. When the
frame may not keep cookies, Casebook offers a new window instead."""

import pytest
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from lessons.models import Enrolment
from lti.models import FrameOrigin
from tests.factories import make_course, make_user
from tests.lti.platform import CLIENT_ID, DEPLOYMENT_ID, INSTRUCTOR, LEARNER, Platform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lms(live_server):
    # The live server is http://localhost:…; so is the LMS, as a campus LMS and
    # its tools under one domain are: the same site, so plain-HTTP cookies work.
    with Platform(host="localhost") as platform:
        Key.objects.generate()
        platform.tool_jwks = Key.objects.as_jwks()
        registration = LtiRegistration.objects.create(
            name="Test LMS", issuer=platform.issuer, client_id=CLIENT_ID, auth_url=f"{platform.url}/auth",
            token_url=f"{platform.url}/token", keyset_url=f"{platform.url}/jwks")
        LtiDeployment.objects.create(registration=registration, deployment_id=DEPLOYMENT_ID, is_active=True)
        platform.tool_login_url = f"{live_server.url}/lti/login/"
        platform.tool_launch_url = f"{live_server.url}/lti/launch/"
        platform.registration = registration
        yield platform


def test_launch_inside_the_lms_iframe_opens_the_course_signed_in(page, lms, screenshot):
    """Teacher then student launch from the LMS page; each ends inside the frame on the course, signed in."""
    course, _first, _second = make_course()
    make_user("someone-else")  # an existing account the launch must not pick
    for sub, roles in (("teacher-1", [INSTRUCTOR]), ("learner-1", [LEARNER])):
        lms.launch = {"sub": sub, "roles": roles, "custom": {"casebook": f"course:{course.slug}"}}
        page.context.clear_cookies()
        page.goto(f"{lms.url}/course")
        frame = page.frame_locator("#tool")
        frame.get_by_role("heading", name="A case", level=1).wait_for()
        frame.locator(".site-header").get_by_text("Nino", exact=True).wait_for()  # signed in, as the LMS named them
    screenshot("lti-iframe-course")
    enrolment = Enrolment.objects.get(user__lti_users__sub="learner-1")
    assert enrolment.cohort.name == "History 101"
    assert enrolment.cohort.instructors.get().lti_users.get().sub == "teacher-1"


def test_frame_without_cookies_offers_a_new_window(page, lms, screenshot):
    """Framed from another site (the LMS's page at 127.0.0.1, Casebook at localhost), the frame cannot keep
    Casebook's cookies: the page says so and offers a new window that continues the launch."""
    lms_elsewhere = lms.url.replace("localhost", "127.0.0.1")
    FrameOrigin.objects.create(registration=lms.registration, origin=lms_elsewhere)
    page.goto(f"{lms_elsewhere}/course")
    frame = page.frame_locator("#tool")
    link = frame.get_by_role("link", name="Open Casebook in a new window")
    link.wait_for()
    assert "lti1p3_new_window=1" in link.get_attribute("href")
    assert link.get_attribute("target") == "_blank"
    screenshot("lti-iframe-blocked-cookies")
