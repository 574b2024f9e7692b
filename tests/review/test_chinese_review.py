"""The daily review in the reader's edition: the cards of the test course in
Chinese, with dates in Chinese form, answered in Chinese form or ISO."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from lessons.models import Course, Lesson
from lessons.services import enrolment_create, lesson_open
from review import services
from review.models import Card, CardKind, CardState, Rating, StudentCard
from tests.content_tree import write_content
from tests.factories import make_user


@pytest.fixture
def reader(client, tmp_path, db):
    call_command("load_course", str(write_content(tmp_path, chinese=True)), stdout=open("/dev/null", "w"))
    course = Course.objects.get()
    services.cards_sync(course=course)
    student = make_user()
    enrolment_create(user=student, course=course)
    lesson_open(user=student, lesson=Lesson.objects.get())
    client.force_login(student)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    return student


def _only(card, student):
    """Every other card out of the way (in review, due in a month), so the page shows `card`."""
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    StudentCard.objects.filter(user=student).delete()
    StudentCard.objects.bulk_create([
        StudentCard(user=student, card=other, state=CardState.REVIEW, stability=30, difficulty=5, due=later, reps=1)
        for other in Card.objects.exclude(pk=card.pk)])


def _answer(client, data):
    page = client.get("/review/mini/")
    return page, client.post("/review/mini/answer/", {"card": page.context["card"].pk,
                                                      "reps": page.context["reps"], **data})


@pytest.mark.parametrize("typed", ["1992年6月", "1992-06"])
def test_an_event_card_asks_in_chinese_and_reads_a_date_in_chinese_form_or_iso(client, reader, typed):
    """Event → date shows the event's Chinese title; a date typed whole as 1992年6月 or 1992-06 is right,
    and the key reads 1992年6月."""
    _only(Card.objects.get(kind=CardKind.EVENT_TO_DATE, event__slug="two"), reader)
    page, answered = _answer(client, {"answer-year": typed})
    assert "事件二" in page.content.decode() and "Event two" not in page.content.decode()
    assert answered.context["suggested"] == Rating.GOOD
    assert "1992年6月" in answered.content.decode()


def test_a_date_card_shows_the_date_in_chinese_form(client, reader):
    """Date → event shows 1992年6月 and offers the events' Chinese titles."""
    _only(Card.objects.get(kind=CardKind.DATE_TO_EVENT, event__slug="two"), reader)
    page = client.get("/review/mini/")
    assert page.context["question"].prompt == "1992年6月"
    assert "事件二" in page.context["question"].choices


@pytest.mark.parametrize("typed", ["安全困境", "Security dilemma"])
def test_a_definition_card_is_chinese_and_takes_either_form_of_the_term(client, reader, typed):
    """Definition → term shows the Chinese definition (the term blanked) and accepts the term in either language."""
    _only(Card.objects.get(kind=CardKind.DEFINITION_TO_TERM), reader)
    page, answered = _answer(client, {"text": typed})
    assert page.context["question"].prompt == "令他國不安的防衛。"
    assert answered.context["suggested"] == Rating.GOOD
