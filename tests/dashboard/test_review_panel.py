"""The daily-review panels: each student's predicted recall (py-fsrs's own
retrievability), the most-forgotten cards with their lessons, on the class
overview and the student's page."""

import datetime

import fsrs
import pytest
from django.urls import reverse
from django.utils import timezone

from review import services
from review.models import Card, CardKind, Rating, StudentCard

UTC = datetime.UTC


def learn(user, card, start, *, forget=False):
    """Learn a card (Good twice), and when it falls due, forget it once and relearn it."""
    services.card_review(user=user, card=card, rating=Rating.GOOD, reps_seen=0, now=start)
    state = services.card_review(user=user, card=card, rating=Rating.GOOD, reps_seen=1,
                                 now=start + datetime.timedelta(minutes=10))
    if forget:
        state = services.card_review(user=user, card=card, rating=Rating.AGAIN, reps_seen=2, now=state.due)
        services.card_review(user=user, card=card, rating=Rating.GOOD, reps_seen=3,
                             now=state.due + datetime.timedelta(minutes=1))


def fsrs_recall(state, now) -> float:
    card = fsrs.Card(state=fsrs.State(state.state), stability=state.stability, difficulty=state.difficulty,
                     last_review=state.last_review)
    return fsrs.Scheduler().get_card_retrievability(card, now)


@pytest.fixture
def reviewed(klass):
    services.cards_sync(course=klass["course"])
    start = timezone.now() - datetime.timedelta(days=12)
    date_card = Card.objects.get(kind=CardKind.EVENT_TO_DATE)
    event_card = Card.objects.get(kind=CardKind.DATE_TO_EVENT)
    learn(klass["lin"], date_card, start, forget=True)
    learn(klass["lin"], event_card, start, forget=True)
    learn(klass["sam"], date_card, start + datetime.timedelta(days=5), forget=True)
    learn(klass["sam"], event_card, start + datetime.timedelta(days=11))
    return {**klass, "date_card": date_card, "event_card": event_card}


@pytest.mark.django_db
def test_overview_shows_what_each_student_keeps_and_the_most_forgotten_cards(client, reviewed, instructor):
    """A student keeps a card while py-fsrs's retrievability is at least its 90% target; the share per student,
    lowest first; the card both students forgot comes first among the forgotten, with py-fsrs's mean
    retrievability, linked to its lesson."""
    client.force_login(instructor)
    response = client.get(reverse("dashboard:overview", args=[reviewed["cohort"].pk]))
    review = response.context["data"]["review"]
    now = timezone.now()
    expected = {}
    for student in (reviewed["lin"], reviewed["sam"]):
        expected[student.pk] = sum(1 for s in StudentCard.objects.filter(user=student) if fsrs_recall(s, now) >= 0.9)
    rows = review["students"]
    assert expected == {reviewed["lin"].pk: 0, reviewed["sam"].pk: 1}
    assert [(row["student"].id, row["cards"], row["kept"], row["percent"]) for row in rows] == [
        (reviewed["lin"].pk, 2, 0, 0.0), (reviewed["sam"].pk, 2, 1, 50.0)]
    assert (review["reviewing"], review["not_started"]) == (2, 0)
    first, second = review["forgotten"]
    assert (first["card_id"], first["forgotten"], first["students"], first["learners"]) == (
        reviewed["date_card"].pk, 2, 2, 2)
    assert (second["card_id"], second["forgotten"], second["students"]) == (reviewed["event_card"].pk, 1, 1)
    assert first["text"] == "2008-08-08 War begins"
    states = StudentCard.objects.filter(card=reviewed["date_card"])
    assert first["recall"] == pytest.approx(sum(fsrs_recall(s, now) for s in states) / 2)
    body = response.content.decode()
    assert f'href="{reviewed["lesson"].get_absolute_url()}">First lesson</a>' in body
    assert "Most forgotten cards" in body


@pytest.mark.django_db
def test_student_page_shows_their_recall_and_their_forgotten_cards(client, reviewed, instructor):
    """The student's page: cards started, recall now, and only the cards they forgot."""
    client.force_login(instructor)
    sam = reviewed["sam"]
    review = client.get(reverse("dashboard:student", args=[reviewed["cohort"].pk, sam.pk])).context["detail"][
        "review"]
    assert review["cards"] == 2 and review["kept"] == sum(
        1 for s in StudentCard.objects.filter(user=sam) if fsrs_recall(s, timezone.now()) >= 0.9)
    assert [item["card_id"] for item in review["forgotten"]] == [reviewed["date_card"].pk]


@pytest.mark.django_db
def test_panels_before_anyone_reviews(client, klass, instructor):
    """Before any review, both panels say so rather than showing empty tables."""
    client.force_login(instructor)
    body = client.get(reverse("dashboard:overview", args=[klass["cohort"].pk])).content.decode()
    assert "No student has started the daily review yet." in body
    assert "No card has been forgotten after it was learnt." in body
    body = client.get(reverse("dashboard:student", args=[klass["cohort"].pk, klass["sam"].pk])).content.decode()
    assert "Has not started the daily review." in body
