"""Deep linking: an instructor picks Casebook content inside the LMS and the
LMS gets a signed content item (with a line item for a quiz); the link it then
makes launches that very item."""

import re

import pytest

from tests.factories import make_course, make_questions, make_quiz
from tests.lti.conftest import do_launch
from tests.lti.platform import CLIENT_ID, INSTRUCTOR, LEARNER

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def quiz(db):
    course, first, _second = make_course()
    return make_quiz(course, list(make_questions(course, first).values()), title="Causes of the war")


def test_deep_link_round_trip(registration, platform, quiz):
    """Pick a quiz: the response JWT goes to the LMS's return URL, signed by Casebook's JWKS key, carrying the
    platform's data, a launch link with the quiz as custom parameter and a line item; launching it opens the quiz."""
    client, response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest")
    assert response.status_code == 200
    assert f'value="quiz:{quiz.pk}"' in response.content.decode()
    picked = client.post("/lti/deep-link/", {"item": f"quiz:{quiz.pk}"})
    assert picked.status_code == 200
    body = picked.content.decode()
    assert f'action="{platform.url}/deep-link-return"' in body
    assert f"form-action 'self' {platform.url}" in picked["Content-Security-Policy"]
    token = re.search(r'name="JWT" value="([^"]+)"', body).group(1)
    message = platform.verify_tool_jwt(token, audience=platform.issuer)
    assert message["iss"] == CLIENT_ID
    assert message["https://purl.imsglobal.org/spec/lti/claim/message_type"] == "LtiDeepLinkingResponse"
    assert message[DL + "data"] == "opaque-platform-data"
    [item] = message[DL + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == "Causes of the war"
    assert item["url"] == "http://testserver/lti/launch/"
    assert item["custom"] == {"casebook": f"quiz:{quiz.pk}"}
    assert item["lineItem"]["scoreMaximum"] == 100
    assert item["lineItem"]["resourceId"] == f"casebook-quiz-{quiz.pk}"

    # The LMS now launches the link it made, with the custom parameter it was given.
    _client, launched = do_launch(platform, sub="learner-1", roles=[LEARNER], custom=item["custom"])
    assert launched["Location"] == quiz.get_absolute_url()


def test_learner_cannot_deep_link(registration, platform, quiz):
    """A Learner's deep-linking request is refused: only instructors pick content."""
    _client, response = do_launch(platform, sub="learner-1", roles=[LEARNER], message_type="LtiDeepLinkingRequest")
    assert response.status_code == 403
    assert "Only instructors" in response.content.decode()


def test_deep_link_pick_needs_a_deep_linking_launch(registration, platform, quiz):
    """After an ordinary launch, posting a pick is refused (there is no LMS to return it to)."""
    client, _response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR])
    assert client.post("/lti/deep-link/", {"item": f"quiz:{quiz.pk}"}).status_code == 403


def test_deep_link_without_a_pick_asks_again(registration, platform, quiz):
    """Submitting the picker with nothing chosen shows it again with a message."""
    client, _response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest")
    again = client.post("/lti/deep-link/", {})
    assert again.status_code == 400
    assert "Pick a lesson, a quiz or a course." in again.content.decode()
