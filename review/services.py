"""Writes of the daily review: making the cards from the course's data,
recording a review through the FSRS scheduler, and the student's settings.

Every time is UTC; "today" is the student's day in their time zone."""

import datetime
import zoneinfo

import fsrs
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.models import Course, KeyTerm, TimelineEvent
from review.cards import card_kinds_for
from review.models import Card, CardState, Rating, ReviewLog, ReviewSettings, StudentCard

UTC = datetime.UTC
DAY = 86400.0


def now() -> datetime.datetime:
    """The present moment for the review's pages. Services and selectors take `now=`;
    the pages ask here, so a browser test can move the site to "tomorrow"."""
    return timezone.now()


class ReviewStale(Exception):
    """The card was reviewed since this form was shown (a double submit, or another tab)."""


def scheduler() -> fsrs.Scheduler:
    """FSRS with its default parameters; fuzzing spreads cards learnt together
    over neighbouring days (the test settings turn it off to be exact)."""
    return fsrs.Scheduler(enable_fuzzing=getattr(django_settings, "REVIEW_FUZZING", True))


def cards_sync(*, course: Course) -> int:
    """Create the cards the course's timeline and glossary give that do not exist
    yet; returns how many. Cards of a deleted event or term go with it (cascade);
    a changed date or definition shows on its cards at once, as they copy nothing."""
    have = set(Card.objects.filter(course=course).values_list("kind", "event_id", "term_id"))
    missing = []
    for event in TimelineEvent.objects.filter(course=course).only("pk"):
        missing += [Card(course=course, kind=kind, event=event) for kind in card_kinds_for(event=event)
                    if (kind, event.pk, None) not in have]
    for term in KeyTerm.objects.filter(course=course).only("pk", "chinese"):
        missing += [Card(course=course, kind=kind, term=term) for kind in card_kinds_for(term=term)
                    if (kind, None, term.pk) not in have]
    Card.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def item_cards_sync(item: TimelineEvent | KeyTerm) -> int:
    """Create the cards one timeline event or key term gives that do not exist yet (after an edit by
    hand); returns how many it gives in all."""
    item_kind = {"event": item} if isinstance(item, TimelineEvent) else {"term": item}
    cards = [Card(course_id=item.course_id, kind=kind, **item_kind) for kind in card_kinds_for(**item_kind)]
    Card.objects.bulk_create(cards, ignore_conflicts=True)
    return len(cards)


def student_zone(review_settings: ReviewSettings | None) -> zoneinfo.ZoneInfo:
    name = review_settings.time_zone if review_settings else django_settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(django_settings.TIME_ZONE)


def day_start(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The UTC moment of local midnight starting the day `moment` falls in."""
    local = moment.astimezone(zone)
    return datetime.datetime.combine(local.date(), datetime.time(), tzinfo=zone).astimezone(UTC)


def next_day_start(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    local = moment.astimezone(zone).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(local, datetime.time(), tzinfo=zone).astimezone(UTC)


def _to_fsrs(state: StudentCard | None, card: Card) -> fsrs.Card:
    if state is None:
        return fsrs.Card(card_id=card.pk, due=datetime.datetime(1970, 1, 1, tzinfo=UTC))
    return fsrs.Card(card_id=card.pk, state=fsrs.State(state.state), step=state.step, stability=state.stability,
                     difficulty=state.difficulty, due=state.due.astimezone(UTC),
                     last_review=state.last_review.astimezone(UTC) if state.last_review else None)


@transaction.atomic
def card_review(*, user, card: Card, rating: int, reps_seen: int, fraction: float | None = None,
                answer: str = "", duration_ms: int | None = None, now=None) -> StudentCard:
    """Record one review of `card` by `user` and schedule it with FSRS.

    `reps_seen` is how many reviews the card had when the student saw it: a form
    shown before another review of the card (a double submit) raises ReviewStale
    and counts nothing. A card in review is due from the start of the student's
    day FSRS names, so "due tomorrow" means from local midnight, as in Anki."""
    now = (now or timezone.now()).astimezone(UTC)
    rating = Rating(int(rating))
    state = StudentCard.objects.select_for_update().filter(user=user, card=card).first()
    if (state.reps if state else 0) != reps_seen:
        raise ReviewStale(_("This card was already reviewed; here is the next one."))
    before = state.state if state else CardState.NEW
    review_settings = ReviewSettings.objects.select_for_update().filter(user=user).first()
    zone = student_zone(review_settings)
    scheduled, _log = scheduler().review_card(_to_fsrs(state, card), fsrs.Rating(rating), review_datetime=now)
    due = scheduled.due
    if scheduled.state == fsrs.State.Review:
        due = max(day_start(due, zone), next_day_start(now, zone))
    if state is None:
        state = StudentCard(user=user, card=card)
    if before == CardState.REVIEW and rating == Rating.AGAIN:
        state.lapses += 1
    state.state = int(scheduled.state)
    state.step = scheduled.step
    state.stability = scheduled.stability
    state.difficulty = scheduled.difficulty
    state.due = due
    state.last_review = now
    state.last_review_day = now.timestamp() / DAY
    state.reps += 1
    state.save()
    ReviewLog.objects.create(user=user, card=card, reviewed_at=now, rating=rating, state_before=before,
                             fraction=fraction, answer=answer[:300], duration_ms=duration_ms)
    today = day_start(now, zone)
    if review_settings is None:
        ReviewSettings.objects.create(user=user, day_start=today)
    elif review_settings.day_start != today:
        ReviewSettings.objects.filter(pk=review_settings.pk).update(day_start=today)
    return state


def review_settings_update(*, user, time_zone: str, new_per_day: int, reviews_per_day: int,
                           now=None) -> ReviewSettings:
    """Change the student's time zone and daily limits. Today's limits then count
    the reviews since midnight in the new time zone."""
    now = now or timezone.now()
    review_settings, _created = ReviewSettings.objects.get_or_create(user=user)
    review_settings.time_zone = time_zone
    review_settings.new_per_day = new_per_day
    review_settings.reviews_per_day = reviews_per_day
    review_settings.day_start = day_start(now, student_zone(review_settings))
    review_settings.save()
    return review_settings
