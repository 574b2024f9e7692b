"""Reads of the daily review: what is due for a student now (one query for every
course at once), the next card, and the instructor's view of a class's recall.
Each runs a fixed number of queries, whatever the number of cards or reviews."""

import datetime
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db.models import Avg, Count, F, FilteredRelation, FloatField, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Floor, Greatest, Power
from django.urls import reverse
from django.utils import timezone

from lessons.models import KeyTerm, LessonProgress, TimelineEvent, format_partial_date
from review.models import Card, CardKind, CardState, ReviewLog, ReviewSettings, StudentCard
from review.services import DAY, day_start, scheduler, student_zone

# A learning card due within this time is shown when nothing else is left
# (Anki's default "learn ahead limit").
LEARN_AHEAD = datetime.timedelta(minutes=20)
DEFAULT_NEW = ReviewSettings._meta.get_field("new_per_day").default
DEFAULT_REVIEWS = ReviewSettings._meta.get_field("reviews_per_day").default
FORGOTTEN_SHOWN = 10
LEARNING = (CardState.LEARNING, CardState.RELEARNING)


@dataclass
class DueCounts:
    learning: int = 0       # learning or relearning, due now
    learning_ahead: int = 0  # due within LEARN_AHEAD
    review: int = 0         # in review, due now, within today's review limit
    new: int = 0            # unlocked, not started, within today's new-card limit

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


def _unlocked(user) -> Q:
    """Cards of the lessons this student has opened (a LessonProgress row exists)."""
    read = LessonProgress.objects.filter(user=user).values("lesson_id")
    return Q(event__lesson_id__in=read) | Q(term__lesson_id__in=read)


def due_counts(user, *, now=None, course_ids=None) -> dict[int, DueCounts]:
    """{course id: DueCounts} for every course where the student has cards. One query:
    the student's settings and today's reviews come along as subqueries."""
    if not user.is_authenticated:
        return {}
    now = now or timezone.now()
    mine = ReviewSettings.objects.filter(user=user)
    since = Subquery(mine.values("day_start")[:1])

    def done(state_filter):
        logs = (ReviewLog.objects.filter(user=user, card__course_id=OuterRef("course_id"), reviewed_at__gte=since,
                                         **state_filter)
                .order_by().values("card__course_id").annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(logs, output_field=IntegerField()), 0)

    cards = Card.objects.annotate(mine=FilteredRelation("states", condition=Q(states__user=user))).filter(
        Q(mine__id__isnull=False) | _unlocked(user))
    if course_ids is not None:
        cards = cards.filter(course_id__in=course_ids)
    rows = cards.order_by().values("course_id").annotate(
        learning=Count("pk", filter=Q(mine__state__in=LEARNING, mine__due__lte=now)),
        learning_ahead=Count("pk", filter=Q(mine__state__in=LEARNING, mine__due__gt=now,
                                            mine__due__lte=now + LEARN_AHEAD)),
        review=Count("pk", filter=Q(mine__state=CardState.REVIEW, mine__due__lte=now)),
        new=Count("pk", filter=Q(mine__id__isnull=True)),
        time_zone=Subquery(mine.values("time_zone")[:1]),
        day_start=since,
        new_limit=Subquery(mine.values("new_per_day")[:1]),
        review_limit=Subquery(mine.values("reviews_per_day")[:1]),
        new_done=done({"state_before": CardState.NEW}),
        reviews_done=done({"state_before": CardState.REVIEW}),
    )
    counts = {}
    for row in rows:
        zone = student_zone(ReviewSettings(time_zone=row["time_zone"] or django_settings.TIME_ZONE))
        today = row["day_start"] is not None and row["day_start"] == day_start(now, zone)
        new_left = (row["new_limit"] if row["new_limit"] is not None else DEFAULT_NEW) - (
            row["new_done"] if today else 0)
        review_left = (row["review_limit"] or DEFAULT_REVIEWS) - (row["reviews_done"] if today else 0)
        counts[row["course_id"]] = DueCounts(row["learning"], row["learning_ahead"],
                                             min(row["review"], max(0, review_left)),
                                             min(row["new"], max(0, new_left)))
    return counts


_CARD_RELATIONS = ("event__lesson__chapter__course", "term__lesson__chapter__course")


def next_card(user, course, counts: DueCounts, *, now=None) -> tuple[Card | None, StudentCard | None]:
    """The card to show now and the student's state of it (None when new), in
    Anki's order: learning cards due, reviews due, new cards in reading order,
    then learning cards due soon. One query, or none when nothing is due."""
    now = now or timezone.now()
    states = StudentCard.objects.filter(user=user, card__course=course).select_related(
        *(f"card__{relation}" for relation in _CARD_RELATIONS)).order_by("due", "pk")
    if counts.learning:
        state = states.filter(state__in=LEARNING, due__lte=now).first()
    elif counts.review:
        state = states.filter(state=CardState.REVIEW, due__lte=now).first()
    elif counts.new:
        card = (Card.objects.filter(_unlocked(user), course=course)
                .exclude(pk__in=StudentCard.objects.filter(user=user).values("card_id"))
                .select_related(*_CARD_RELATIONS)
                .order_by(Coalesce("event__lesson__chapter__number", "term__lesson__chapter__number"),
                          Coalesce("event__lesson__position", "term__lesson__position"), "kind", "pk").first())
        return card, None
    elif counts.learning_ahead:
        state = states.filter(state__in=LEARNING, due__lte=now + LEARN_AHEAD).first()
    else:
        return None, None
    return (state.card, state) if state else (None, None)


def reviewable_cards(user, course):
    """The course's cards this student may answer: unlocked or already started."""
    started = StudentCard.objects.filter(user=user).values("card_id")
    return Card.objects.filter(_unlocked(user) | Q(pk__in=started), course=course).select_related(*_CARD_RELATIONS)


def choice_pools(course) -> tuple[list[TimelineEvent], list[KeyTerm]]:
    """The course's events and terms, for a card's wrong choices. Two queries."""
    return (list(TimelineEvent.objects.filter(course=course).only("title", "date", "precision", "zh_hant")),
            list(KeyTerm.objects.filter(course=course).only("term", "definition", "chinese", "zh_hant")))


def next_due(user, course) -> datetime.datetime | None:
    """When the student's next card in this course falls due. One query."""
    return StudentCard.objects.filter(user=user, card__course=course).order_by("due").values_list(
        "due", flat=True).first()


# ---- for instructors --------------------------------------------------------------

def _elapsed_days(now):
    """Whole days since the card's last review, as py-fsrs counts them."""
    return Greatest(Floor(now.timestamp() / DAY - F("last_review_day")), 0.0)


def _recall(now) -> Power:
    """FSRS retrievability of a card now: (1 + F·t/S)^−decay."""
    fsrs_scheduler = scheduler()
    return Power(1.0 + fsrs_scheduler._FACTOR * _elapsed_days(now) / F("stability"), fsrs_scheduler._DECAY,
                 output_field=FloatField())


def _started(user_ids, course_id):
    # card_id IN (the course's cards), not a join: SQLite plans the join badly on 500,000 rows.
    return StudentCard.objects.filter(user_id__in=user_ids, card_id__in=Card.objects.filter(
        course_id=course_id).values("pk"), stability__isnull=False, last_review_day__isnull=False)


def students_kept(user_ids, course_id, *, now=None) -> dict[int, dict]:
    """{student id: {"cards": cards started, "kept": how many they would still recall
    with FSRS's target probability (90%) now}}. `user_ids` may be a subquery. One query.

    A card is kept while its retrievability is at least the scheduler's desired
    retention; in FSRS that is exactly while the whole days since its last
    review are at most its stability, so no power is computed per card."""
    now = now or timezone.now()
    rows = _started(user_ids, course_id).order_by().values("user_id").annotate(
        cards=Count("pk"), kept=Count("pk", filter=Q(stability__gte=_elapsed_days(now))))
    return {row["user_id"]: {"cards": row["cards"], "kept": row["kept"]} for row in rows}


_FORGOTTEN_FIELDS = {
    "event": ("card__event__title", "card__event__date", "card__event__precision", "card__event__anchor"),
    "term": ("card__term__term", "card__term__anchor"),
}
_LESSON_FIELDS = ("lesson__title", "lesson__slug", "lesson__chapter__slug", "lesson__chapter__course__slug")


def forgotten_items(user_ids, course_id, *, now=None, limit=FORGOTTEN_SHOWN) -> list[dict]:
    """The cards most often forgotten after they were learnt (FSRS lapses): what each
    asks about, how many students forgot it, their mean recall now and the lesson
    that teaches it (title and address). One query: the top cards are chosen in a
    subquery, so the details and the recall are computed for those cards only."""
    now = now or timezone.now()
    top = (_started(user_ids, course_id).filter(lapses__gt=0).order_by().values("card_id")
           .annotate(forgotten=Sum("lapses"), students=Count("pk"))
           .order_by("-forgotten", "-students", "card_id").values("card_id")[:limit])
    lesson_fields = [f"card__{source}__{field}" for source in ("event", "term") for field in _LESSON_FIELDS]
    # Only the top cards' rows (not the course's cards again): SQLite then starts from those few cards.
    rows = StudentCard.objects.filter(user_id__in=user_ids, card_id__in=top, stability__isnull=False,
                                      last_review_day__isnull=False).order_by().values(
        "card_id", "card__kind", *_FORGOTTEN_FIELDS["event"], *_FORGOTTEN_FIELDS["term"], *lesson_fields,
    ).annotate(
        forgotten=Sum("lapses"), students=Count("pk", filter=Q(lapses__gt=0)), learners=Count("pk"),
        recall=Avg(_recall(now)))
    rows = sorted(rows, key=lambda row: (-row["forgotten"], -row["students"], row["card_id"]))
    items = []
    for row in rows:
        source = "event" if row["card__event__title"] is not None else "term"
        if source == "event":
            text = f"{format_partial_date(row['card__event__date'], row['card__event__precision'])} " \
                   f"{row['card__event__title']}"
        else:
            text = row["card__term__term"]
        lesson = {field: row[f"card__{source}__{field}"] for field in _LESSON_FIELDS}
        url = ""
        if lesson["lesson__slug"]:
            url = reverse("lessons:lesson", kwargs={
                "course": lesson["lesson__chapter__course__slug"], "chapter": lesson["lesson__chapter__slug"],
                "lesson": lesson["lesson__slug"]})
            anchor = row[f"card__{source}__anchor"]
            url += f"#{anchor}" if anchor else ""
        items.append({"card_id": row["card_id"], "kind": CardKind(row["card__kind"]).label, "text": text,
                      "lesson_title": lesson["lesson__title"] or "", "url": url, "forgotten": row["forgotten"],
                      "students": row["students"], "learners": row["learners"], "recall": row["recall"]})
    return items
