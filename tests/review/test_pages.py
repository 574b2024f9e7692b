"""The review page through HTTP: answer, see the key, rate (as suggested or
not), bad input, the settings page, the counts on home and outline, and the
exact number of queries each costs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.services import enrolment_create, lesson_open
from review import services
from review.models import Card, CardKind, CardState, Rating, ReviewLog, ReviewSettings, StudentCard

UTC = datetime.UTC
# Session, user; course; counts; then the card and the choices' events and terms, or when nothing is
# due, when the next card is. (The cards are made where the timeline and glossary are written.)
REVIEW_PAGE_QUERIES = 8
REVIEW_DONE_QUERIES = 6
# Each with its one due-count query.
HOME_QUERIES = 11  # two of them: the quizzes to do (open attempts, closing dates) and their attempts
OUTLINE_QUERIES = 11


@pytest.fixture
def reader(client, facts, student):
    services.cards_sync(course=facts["course"])
    enrolment_create(user=student, course=facts["course"])
    lesson_open(user=student, lesson=facts["lesson"])
    client.force_login(student)
    return facts


def _right_answer(question) -> dict:
    if question.mode == "choice":
        return {"choice": str(question.correct_choice)}
    if question.mode == "date":
        year, month, day = question.key_date
        return {"answer-year": str(year), "answer-month": str(month), "answer-day": str(day)}
    return {"text": question.accepted[0]}


def _wrong_answer(question) -> dict:
    if question.mode == "choice":
        return {"choice": str((question.correct_choice + 1) % len(question.choices))}
    if question.mode == "date":
        return {"answer-year": "1900", "answer-month": "1", "answer-day": "1"}
    return {"text": "Not this"}


def _only(kind, student):
    """Put every other card out of the way (in review, due in a month), so the page shows a card of `kind`."""
    later = datetime.datetime.now(UTC) + datetime.timedelta(days=30)
    StudentCard.objects.filter(user=student).delete()
    StudentCard.objects.bulk_create([
        StudentCard(user=student, card=card, state=CardState.REVIEW, stability=30, difficulty=5, due=later, reps=1)
        for card in Card.objects.exclude(kind=kind)])


def _answer(client, data):
    page = client.get("/review/case/")
    card, reps, question = page.context["card"], page.context["reps"], page.context["question"]
    return card, client.post("/review/case/answer/", {"card": card.pk, "reps": reps, **data(question)})


@pytest.mark.django_db
def test_a_right_answer_suggests_good_and_schedules_the_card(client, reader, student):
    """Answer right: the page says so, shows the key and offers Good; pressing it schedules the card and logs it."""
    card, response = _answer(client, _right_answer)
    body = response.content.decode()
    assert response.status_code == 200 and "Right." in body
    assert response.context["suggested"] == Rating.GOOD
    assert 'value="3" class="button rating rating-3" autofocus' in body
    rated = client.post("/review/case/rate/", {"token": response.context["token"], "rating": "3"})
    assert rated.status_code == 302 and rated["Location"] == "/review/case/"
    state = StudentCard.objects.get(user=student, card=card)
    assert (state.state, state.reps) == (CardState.LEARNING, 1)
    log = ReviewLog.objects.get(user=student, card=card)
    assert (log.rating, log.fraction, log.state_before) == (Rating.GOOD, 1.0, CardState.NEW)


@pytest.mark.django_db
def test_a_wrong_answer_suggests_again_but_the_student_may_choose(client, reader, student):
    """A wrong answer offers Again; the student may rate Easy instead, and Easy is what counts."""
    card, response = _answer(client, _wrong_answer)
    assert "Not right." in response.content.decode() and response.context["suggested"] == Rating.AGAIN
    client.post("/review/case/rate/", {"token": response.context["token"], "rating": "4"})
    log = ReviewLog.objects.get(user=student, card=card)
    assert (log.rating, log.fraction) == (Rating.EASY, 0.0)
    assert StudentCard.objects.get(user=student, card=card).state == CardState.REVIEW


@pytest.mark.django_db
def test_show_the_answer_without_answering(client, reader, student):
    """'I don't know' shows the key ungraded and suggests Again."""
    page = client.get("/review/case/")
    response = client.post("/review/case/answer/", {"card": page.context["card"].pk, "reps": 0, "reveal": "1"})
    assert response.context["fraction"] is None and response.context["suggested"] == Rating.AGAIN
    assert page.context["question"].key_text in response.content.decode()


@pytest.mark.django_db
def test_the_key_is_not_in_the_card_page(client, reader, student):
    """Before answering, the page names no right answer: a typed card or a date card shows no key."""
    for kind in (CardKind.EVENT_TO_DATE, CardKind.DEFINITION_TO_TERM, CardKind.CHINESE_TO_ENGLISH):
        _only(kind, student)
        page = client.get("/review/case/")
        question = page.context["question"]
        assert question.kind == kind
        body = page.content.decode().split('id="review-form"')[1]
        assert question.key_text not in body, kind


@pytest.mark.django_db
def test_malformed_answers_get_a_message_and_save_nothing(client, reader, student):
    """A date that is not a number, or a choice that does not exist, shows the card again with a message."""
    _only(CardKind.EVENT_TO_DATE, student)
    year_card = Card.objects.get(event=reader["events"]["year"], kind=CardKind.EVENT_TO_DATE)
    StudentCard.objects.create(user=student, card=year_card, state=CardState.REVIEW, stability=30, difficulty=5,
                               due=datetime.datetime.now(UTC) + datetime.timedelta(days=30), reps=1)
    page = client.get("/review/case/")
    response = client.post("/review/case/answer/", {"card": page.context["card"].pk, "reps": 0,
                                                    "answer-year": "MMVIII", "answer-month": "8"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the year as a number" in body
    assert page.context["question"].precision == "month"  # the Rose Revolution, 2003-11
    assert '<option value="8" selected>' in body  # what was typed is kept
    assert not ReviewLog.objects.exists()
    assert client.post("/review/case/answer/", {"card": "x", "reps": 0}).status_code == 400
    _only(CardKind.DATE_TO_EVENT, student)
    page = client.get("/review/case/")
    response = client.post("/review/case/answer/", {"card": page.context["card"].pk, "reps": 0, "choice": "12"})
    assert "Choose one of the answers." in response.content.decode()
    assert not ReviewLog.objects.exists()


@pytest.mark.django_db
def test_forged_or_borrowed_ratings_are_refused(client, reader, student, other_student):
    """A rating token that was altered, or made for another student, is a 400 and records nothing."""
    card, response = _answer(client, _right_answer)
    token = response.context["token"]
    assert client.post("/review/case/rate/", {"token": token + "x", "rating": "3"}).status_code == 400
    assert client.post("/review/case/rate/", {"token": token, "rating": "7"}).status_code == 400
    client.force_login(other_student)
    assert client.post("/review/case/rate/", {"token": token, "rating": "3"}).status_code == 400
    assert not ReviewLog.objects.exists()


@pytest.mark.django_db
def test_the_same_rating_twice_counts_once(client, reader, student):
    """Pressing the rating button twice (a double submit) logs one review and says so."""
    card, response = _answer(client, _right_answer)
    for _ in range(2):
        client.post("/review/case/rate/", {"token": response.context["token"], "rating": "3"})
    assert ReviewLog.objects.filter(user=student).count() == 1
    assert "already reviewed" in client.get("/review/case/").content.decode()


@pytest.mark.django_db
def test_settings_change_the_limits_and_reject_bad_values(client, reader, student):
    """The settings page saves a time zone and limits; an unknown zone or a negative limit is a form error."""
    assert client.get(reverse("review:settings")).status_code == 200
    bad = client.post(reverse("review:settings"), {"time_zone": "Mars/Olympus", "new_per_day": "-1",
                                                    "reviews_per_day": "60"})
    assert bad.status_code == 200 and set(bad.context["form"].errors) == {"time_zone", "new_per_day"}
    saved = client.post(reverse("review:settings"), {"time_zone": "Asia/Taipei", "new_per_day": "2",
                                                     "reviews_per_day": "30", "next": "/review/case/"})
    assert saved["Location"] == "/review/case/"
    assert ReviewSettings.objects.filter(user=student, time_zone="Asia/Taipei", new_per_day=2).exists()
    assert client.get("/review/case/").context["counts"].new == 2
    elsewhere = client.post(reverse("review:settings"), {"time_zone": "UTC", "new_per_day": "2",
                                                         "reviews_per_day": "30", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"


@pytest.mark.django_db
def test_home_and_outline_say_how_many_cards_are_due(client, reader, student):
    """Home and the outline show '10 cards due' after reading a lesson, and nothing due once the day's cards are done."""
    assert "Daily review: 10 cards due" in client.get("/").content.decode()
    assert "Daily review: 10 cards due" in client.get("/courses/case/").content.decode()
    ReviewSettings.objects.create(user=student, new_per_day=1)
    assert "Daily review: 1 card due" in client.get("/courses/case/").content.decode()


@pytest.mark.django_db
def test_all_done_says_when_the_next_card_is_due(client, reader, student):
    """With nothing due, the page says so and when the next card falls due."""
    ReviewSettings.objects.create(user=student, new_per_day=0)
    body = client.get("/review/case/").content.decode()
    assert "All done for today" in body and "Read a lesson, then come back." in body


def _history(student, facts, days):
    """`days` days of reviewing every card offered, ending yesterday."""
    from tests.review.sessions import session
    start = datetime.datetime.now(UTC) - datetime.timedelta(days=days)
    for day in range(days):
        session(student, facts["course"], start + datetime.timedelta(days=day))


@pytest.mark.django_db
@pytest.mark.parametrize("history_days", [0, 20])
def test_review_page_queries(client, reader, student, django_assert_num_queries, history_days):
    """The review page costs the same with no history and with weeks of it."""
    _history(student, reader, history_days)
    StudentCard.objects.filter(user=student).update(due=datetime.datetime.now(UTC) - datetime.timedelta(hours=1))
    with django_assert_num_queries(REVIEW_PAGE_QUERIES):
        assert client.get("/review/case/").context["card"] is not None
    ReviewSettings.objects.update_or_create(user=student, defaults={"new_per_day": 0})
    StudentCard.objects.filter(user=student).delete()
    with django_assert_num_queries(REVIEW_DONE_QUERIES):
        assert client.get("/review/case/").context["card"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("history_days", [0, 20])
def test_the_due_count_costs_one_query_on_home_and_outline(client, reader, student, history_days):
    """Home and the outline each make exactly one query for a signed-in student's due count, whatever the history."""
    _history(student, reader, history_days)
    client.get("/")  # the session's first use
    for url, expected in (("/", HOME_QUERIES), ("/courses/case/", OUTLINE_QUERIES)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == expected, url
        assert sum(1 for query in queries if "review_" in query["sql"]) == 1, url



@pytest.mark.django_db
def test_the_review_page_only_reads(client, reader, student):
    """A GET of the review page, with a card due and with none, writes no row, not even the cards of an event
    written without the admin (the loader and the admin make cards, not the page)."""
    from lessons.models import TimelineEvent
    TimelineEvent.objects.create(course=reader["course"],
                                 slug="unseen", date=datetime.date(2008, 8, 12), precision="day", title="Unseen")
    StudentCard.objects.filter(user=student).update(due=datetime.datetime.now(UTC) - datetime.timedelta(hours=1))
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/review/case/").status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        assert writes == []
        StudentCard.objects.filter(user=student).delete()
