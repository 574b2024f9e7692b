"""Unlocking, FSRS scheduling over simulated weeks, daily limits and the
student's day in their time zone. Time is passed in (`now=`), never frozen."""

import datetime
import zoneinfo

import fsrs
import pytest

from lessons.services import lesson_complete, lesson_open
from review import selectors, services
from review.models import Card, CardKind, CardState, Rating, ReviewLog, ReviewSettings, StudentCard
from tests.review.sessions import counts, session

UTC = datetime.UTC
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC


@pytest.fixture
def deck(facts):
    services.cards_sync(course=facts["course"])
    return facts


@pytest.mark.django_db
def test_cards_unlock_when_their_lesson_is_opened(deck, student):
    """Nothing is due before reading; opening the first lesson unlocks its 12 cards, not the second lesson's."""
    course = deck["course"]
    assert counts(student, course, START).total == 0
    lesson_open(user=student, lesson=deck["lesson"], now=START)
    unlocked = Card.objects.filter(course=course).exclude(event=deck["events"]["later"])
    assert set(selectors.reviewable_cards(student, course)) == set(unlocked)
    assert counts(student, course, START).new == 10  # 12 unlocked, 10 a day by default
    lesson_complete(user=student, lesson=deck["second"], now=START)
    assert selectors.reviewable_cards(student, course).count() == 14


@pytest.mark.django_db
def test_five_weeks_of_daily_review_follow_fsrs(deck, student):
    """Reviewing every day for five weeks: 10 new cards the first day, 2 the next, each card's state is
    exactly py-fsrs's replayed over its log, and reviews of a card known well grow further apart."""
    course = deck["course"]
    lesson_open(user=student, lesson=deck["lesson"], now=START)
    per_day = []
    for day in range(35):
        now = START + datetime.timedelta(days=day)
        seen = session(student, course, now)
        per_day.append(len(seen))
    new_per_day = [ReviewLog.objects.filter(user=student, state_before=CardState.NEW,
                                            reviewed_at__date=(START + datetime.timedelta(days=d)).date()).count()
                   for d in range(3)]
    assert new_per_day == [10, 2, 0]
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    for state in StudentCard.objects.filter(user=student):
        replay = fsrs.Card(card_id=state.card_id)
        for log in ReviewLog.objects.filter(user=student, card=state.card).order_by("reviewed_at"):
            replay, _ = scheduler.review_card(replay, fsrs.Rating(log.rating), review_datetime=log.reviewed_at)
            # Due from the start of the day FSRS names, as the service stores it.
            if replay.state == fsrs.State.Review:
                replay.due = max(datetime.datetime.combine(replay.due.date(), datetime.time(), tzinfo=UTC),
                                 datetime.datetime.combine(log.reviewed_at.date() + datetime.timedelta(days=1),
                                                           datetime.time(), tzinfo=UTC))
        assert (state.state, state.stability, state.difficulty, state.due) == (
            int(replay.state), replay.stability, replay.difficulty, replay.due)
    days = sorted({log.reviewed_at.date() for log in ReviewLog.objects.filter(
        user=student, card=StudentCard.objects.filter(user=student).first().card)})
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] >= 1
    assert sum(per_day[28:]) < sum(per_day[:7])


@pytest.mark.django_db
def test_again_brings_a_card_back_the_same_session_and_counts_a_lapse(deck, student):
    """A card learnt, then forgotten when it falls due, relearns within minutes and counts one lapse."""
    course = deck["course"]
    lesson_open(user=student, lesson=deck["lesson"], now=START)
    session(student, course, START)
    tomorrow = selectors.next_due(student, course)
    assert tomorrow > START + datetime.timedelta(hours=12)
    card, state = selectors.next_card(student, course, counts(student, course, tomorrow), now=tomorrow)
    assert state is not None and state.state == CardState.REVIEW  # reviews come before the 2 new cards
    state = services.card_review(user=student, card=card, rating=Rating.AGAIN, reps_seen=state.reps, now=tomorrow)
    assert (state.state, state.lapses) == (CardState.RELEARNING, 1)
    assert state.due == tomorrow + datetime.timedelta(minutes=10)
    assert counts(student, course, tomorrow + datetime.timedelta(minutes=10)).learning == 1


@pytest.mark.django_db
def test_a_double_submit_counts_once(deck, student):
    """The same form sent twice: the second is refused and the log has one row."""
    lesson_open(user=student, lesson=deck["lesson"], now=START)
    card = Card.objects.filter(course=deck["course"]).first()
    services.card_review(user=student, card=card, rating=Rating.GOOD, reps_seen=0, now=START)
    with pytest.raises(services.ReviewStale):
        services.card_review(user=student, card=card, rating=Rating.GOOD, reps_seen=0, now=START)
    assert ReviewLog.objects.filter(user=student, card=card).count() == 1


@pytest.mark.django_db
def test_daily_limits_of_new_cards_and_reviews(deck, student):
    """With 3 new cards a day, 3 are offered, then none until tomorrow; with 4 reviews a day, 4 of 6 due reviews."""
    course = deck["course"]
    lesson_open(user=student, lesson=deck["lesson"], now=START)
    services.review_settings_update(user=student, time_zone="UTC", new_per_day=3, reviews_per_day=60, now=START)
    assert counts(student, course, START).new == 3
    assert len(session(student, course, START)) == 3 * 2  # each new card: Good, then Good again 10 minutes on
    assert counts(student, course, START + datetime.timedelta(hours=2)).total == 0
    assert counts(student, course, START + datetime.timedelta(days=1)).new == 3
    for day in (1, 2):
        session(student, course, START + datetime.timedelta(days=day))
    StudentCard.objects.filter(user=student).update(due=START + datetime.timedelta(days=5))
    assert StudentCard.objects.filter(user=student, state=CardState.REVIEW).count() == 9
    services.review_settings_update(user=student, time_zone="UTC", new_per_day=0, reviews_per_day=4,
                                    now=START + datetime.timedelta(days=5))
    later = START + datetime.timedelta(days=5, hours=1)
    assert (counts(student, course, later).review, counts(student, course, later).new) == (4, 0)
    assert len(session(student, course, later)) == 4
    assert counts(student, course, later + datetime.timedelta(hours=1)).total == 0


@pytest.mark.django_db
def test_today_is_the_students_day_in_their_time_zone(deck, student, other_student):
    """At 23:30 in Taipei (15:30 UTC) the day's new cards are used; half an hour later Taipei has a new day,
    while a student on UTC, who used theirs at the same moment, waits until UTC midnight."""
    course = deck["course"]
    evening = datetime.datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
    for user, zone in ((student, "Asia/Taipei"), (other_student, "UTC")):
        lesson_open(user=user, lesson=deck["lesson"], now=evening)
        services.review_settings_update(user=user, time_zone=zone, new_per_day=2, reviews_per_day=60, now=evening)
        session(user, course, evening)
        assert counts(user, course, evening + datetime.timedelta(minutes=20)).new == 0
    after_taipei_midnight = datetime.datetime(2026, 3, 2, 16, 5, tzinfo=UTC)
    assert counts(student, course, after_taipei_midnight).new == 2
    assert counts(other_student, course, after_taipei_midnight).new == 0
    assert counts(other_student, course, datetime.datetime(2026, 3, 3, 0, 5, tzinfo=UTC)).new == 2
    taipei = zoneinfo.ZoneInfo("Asia/Taipei")
    # A card in review is due from local midnight of its day: 16:00 UTC for Taipei.
    for state in StudentCard.objects.filter(user=student, state=CardState.REVIEW):
        assert state.due.astimezone(taipei).time() == datetime.time(0, 0)
    assert ReviewSettings.objects.get(user=student).day_start == datetime.datetime(2026, 3, 1, 16, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_cards_of_unread_lessons_stay_locked_even_by_id(deck, student, client):
    """Answering a card of a lesson not yet opened is refused with a 400 and records nothing."""
    later = Card.objects.get(event=deck["events"]["later"], kind=CardKind.EVENT_TO_DATE)
    client.force_login(student)
    response = client.post("/review/case/answer/", {"card": later.pk, "reps": 0, "answer-year": "2008"})
    assert response.status_code == 400
    assert not StudentCard.objects.exists()
