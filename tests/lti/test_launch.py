"""LTI 1.3 launches played by a pretend LMS (tests/lti/platform.py): each role
signs in and lands in the right place; every forged or stale launch is
refused with a clear page and signs nobody in."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from jwcrypto.jwk import JWK
from lti_tool.models import LtiDeployment

from core import roles
from lessons.models import Cohort, Enrolment
from lti.models import ContextClass
from tests.factories import make_course, make_questions, make_quiz
from tests.lti.conftest import do_launch, login_start
from tests.lti.platform import INSTRUCTOR, LEARNER


@pytest.fixture
def course(db):
    course, first, _second = make_course()
    quiz = make_quiz(course, list(make_questions(course, first).values()))
    return {"course": course, "lesson": first, "quiz": quiz}


def _casebook_user(sub):
    return User.objects.get(lti_users__sub=sub)


def test_instructor_launch_creates_account_class_and_opens_the_quiz(registration, platform, course):
    """An Instructor's first launch makes their account (the LMS's name and e-mail) and the context's class."""
    quiz = course["quiz"]
    client, response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], custom={"casebook": f"quiz:{quiz.pk}"})
    assert response.status_code == 302
    assert response["Location"] == quiz.get_absolute_url()
    user = _casebook_user("teacher-1")
    assert (user.first_name, user.last_name, user.email) == ("Nino", "Beridze", "teacher-1@school.example")
    assert not user.has_usable_password()
    assert roles.is_instructor(user)
    cohort = Cohort.objects.get(lti_context__context__id_on_platform="course-101")
    assert (cohort.name, cohort.course) == ("History 101", course["course"])
    assert list(cohort.instructors.all()) == [user]
    assert client.get(quiz.get_absolute_url()).status_code == 200


def test_learner_launch_enrols_in_the_context_class(registration, platform, course):
    """A Learner is a student, enrolled in the class the instructor's launch made, signed in on the lesson."""
    lesson = course["lesson"]
    do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], custom={"casebook": f"lesson:{lesson.pk}"})
    client, response = do_launch(platform, sub="learner-1", roles=[LEARNER],
                                 custom={"casebook": f"lesson:{lesson.pk}"})
    assert response["Location"] == lesson.get_absolute_url()
    user = _casebook_user("learner-1")
    assert roles.role_of(user) == "student"
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.cohort == ContextClass.objects.get().cohort
    page = client.get(lesson.get_absolute_url())
    assert page.status_code == 200 and page.context["user"] == user


def test_second_launch_signs_in_the_same_account(registration, platform, course):
    """The platform's stable user id finds the account again; no second account, no second class."""
    do_launch(platform, sub="learner-1")
    do_launch(platform, sub="learner-1")
    assert User.objects.filter(lti_users__sub="learner-1").count() == 1
    assert User.objects.count() == 1


def test_launch_never_matches_an_existing_account_by_email(registration, platform, course):
    """An LMS user whose e-mail is a Casebook account's gets an account of their own, not that one."""
    existing = User.objects.create_user("admin", email="learner-1@school.example", password="x")
    do_launch(platform, sub="learner-1")
    assert _casebook_user("learner-1") != existing


def _refused(response, status, text):
    assert response.status_code == status
    assert text in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_expired_token_is_refused(registration, platform, course):
    """An id_token past its exp gets a 403 page saying it expired."""
    _client, response = do_launch(platform, expires_in=-60)
    _refused(response, 403, "This launch has expired")
    assert not User.objects.exists()


def test_wrong_audience_is_refused(registration, platform, course):
    """An id_token for another tool (aud) gets a 403: not registered."""
    _client, response = do_launch(platform, aud="some-other-tool")
    _refused(response, 403, "This LMS is not registered with Casebook")
    assert not User.objects.exists()


def test_replayed_nonce_is_refused(registration, platform, course):
    """The same id_token posted twice: the second is refused, however soon."""
    client = Client()
    state, nonce = login_start(client, platform)
    form = {"id_token": platform.id_token(nonce=nonce), "state": state}
    assert client.post("/lti/launch/", form).status_code == 302
    replayer = Client()
    replayer.cookies[f"lti1p3-{state}"] = state  # the state cookie too: only the nonce stops it
    _refused(replayer.post("/lti/launch/", form), 403, "This launch was already used")


def test_unknown_deployment_is_refused(registration, platform, course):
    """A deployment id the administrator has not activated gets a 403 naming it."""
    _client, response = do_launch(platform, deployment_id="deployment-unknown")
    _refused(response, 403, "deployment-unknown")
    assert not User.objects.exists()
    # It now waits on the registration, unticked, for the administrator to activate.
    assert LtiDeployment.objects.get(deployment_id="deployment-unknown").is_active is False


def test_bad_signature_is_refused(registration, platform, course):
    """An id_token signed by another key under the platform's key id gets a 403."""
    forger = JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None)
    _client, response = do_launch(platform, key_pem=forger)
    _refused(response, 403, "signature could not be verified")
    assert not User.objects.exists()


def test_launch_without_id_token_is_a_400(registration, client):
    """A POST with no token at all is a bad request, not an error."""
    response = client.post("/lti/launch/", {})
    assert response.status_code == 400


def test_login_from_an_unregistered_issuer_is_refused(registration, client):
    """Login initiation from an issuer nobody registered gets a 403 page."""
    response = client.get("/lti/login/", {"iss": "https://evil.example", "login_hint": "x",
                                          "target_link_uri": "http://testserver/lti/launch/",
                                          "lti1p3_new_window": "1"})
    assert response.status_code == 403
    assert "not registered" in response.content.decode()


def test_login_first_checks_cookies_in_the_frame(registration, platform, client):
    """Without the new-window flag, login shows the cookie check page that continues or offers a new window."""
    response = client.get("/lti/login/", {"iss": platform.issuer, "login_hint": "x",
                                          "target_link_uri": "http://testserver/lti/launch/"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Open Casebook in a new window" in body
    assert "lti1p3_new_window=1" in response.context["continue_url"]


def test_garbage_id_token_is_refused(registration, platform, client):
    """An id_token that is not a JWT at all gets the refusal page, not an error."""
    state, _nonce = login_start(client, platform)
    response = client.post("/lti/launch/", {"id_token": "not.a.jwt", "state": state})
    _refused(response, 403, "The launch could not be verified.")
