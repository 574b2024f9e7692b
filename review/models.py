"""Daily review: flashcards made from the course's timeline and glossary, each
student's FSRS state per card, the append-only log of reviews, and the
student's review settings (time zone, daily limits)."""

import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lessons.models import Course, KeyTerm, TimelineEvent


class CardKind(models.TextChoices):
    DATE_TO_EVENT = "date-event", _("date → event")
    EVENT_TO_DATE = "event-date", _("event → date")
    TERM_TO_DEFINITION = "term-definition", _("term → definition")
    DEFINITION_TO_TERM = "definition-term", _("definition → term")
    CHINESE_TO_ENGLISH = "chinese-english", _("Chinese term → English term")
    ENGLISH_TO_CHINESE = "english-chinese", _("English term → Chinese term")


EVENT_KINDS = (CardKind.DATE_TO_EVENT, CardKind.EVENT_TO_DATE)
TERM_KINDS = (CardKind.TERM_TO_DEFINITION, CardKind.DEFINITION_TO_TERM)
CHINESE_KINDS = (CardKind.CHINESE_TO_ENGLISH, CardKind.ENGLISH_TO_CHINESE)


class Card(models.Model):
    """One direction of one fact. The text is not copied: the card shows its
    event or term as they are now, so a corrected date corrects the card."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="review_cards",
                               verbose_name=_("course"))
    kind = models.CharField(_("kind"), max_length=20, choices=CardKind.choices)
    event = models.ForeignKey(TimelineEvent, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="review_cards", verbose_name=_("timeline event"))
    term = models.ForeignKey(KeyTerm, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="review_cards", verbose_name=_("key term"))

    class Meta:
        ordering = ["course", "pk"]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="card_unique_event_kind"),
            models.UniqueConstraint(fields=["term", "kind"], name="card_unique_term_kind"),
            models.CheckConstraint(
                condition=(Q(event__isnull=False, term__isnull=True, kind__in=EVENT_KINDS)
                           | Q(event__isnull=True, term__isnull=False, kind__in=TERM_KINDS + CHINESE_KINDS)),
                name="card_one_source_of_its_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.event or self.term}"

    @property
    def source(self):
        return self.event if self.event_id else self.term

    @property
    def lesson(self):
        return self.source.lesson


class CardState(models.IntegerChoices):
    """py-fsrs's State, plus New for a card the student has not started."""
    NEW = 0, _("new")
    LEARNING = 1, _("learning")
    REVIEW = 2, _("review")
    RELEARNING = 3, _("relearning")


class StudentCard(models.Model):
    """A student's FSRS state of one card (py-fsrs's Card, kept in the database)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards",
                             verbose_name=_("student"))
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="states", verbose_name=_("card"))
    state = models.PositiveSmallIntegerField(_("state"), choices=CardState.choices)
    step = models.PositiveSmallIntegerField(_("learning step"), null=True, blank=True)
    stability = models.FloatField(_("stability (days)"), null=True, blank=True)
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("due"))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    # last_review as days since 1970, so a dashboard can compute retrievability in SQL.
    last_review_day = models.FloatField(_("last review (days since 1970)"), null=True, blank=True)
    reps = models.PositiveIntegerField(_("reviews"), default=0)
    lapses = models.PositiveIntegerField(_("times forgotten"), default=0)

    class Meta:
        ordering = ["user", "due"]
        verbose_name = _("student's card")
        verbose_name_plural = _("students' cards")
        constraints = [
            models.UniqueConstraint(fields=["user", "card"], name="studentcard_unique_user_card"),
            models.CheckConstraint(condition=~Q(state=CardState.NEW), name="studentcard_started"),
        ]
        indexes = [
            models.Index(fields=["user", "due"], name="studentcard_user_due"),
            # The instructors' "most forgotten": only the rows of forgotten cards, with what the panel reads.
            models.Index(fields=["card", "user", "lapses", "stability", "last_review_day"],
                         condition=Q(lapses__gt=0), name="studentcard_lapsed"),
        ]

    def __str__(self):
        return f"{self.user} · {self.card}"


class Rating(models.IntegerChoices):
    AGAIN = 1, _("Again")
    HARD = 2, _("Hard")
    GOOD = 3, _("Good")
    EASY = 4, _("Easy")


class ReviewLog(models.Model):
    """One review, as it happened. Rows are only ever added."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs",
                             verbose_name=_("student"))
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs", verbose_name=_("card"))
    reviewed_at = models.DateTimeField(_("reviewed"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    state_before = models.PositiveSmallIntegerField(_("state before"), choices=CardState.choices)
    fraction = models.FloatField(_("answer's grade"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("time to answer (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["user", "reviewed_at"]
        verbose_name = _("review")
        verbose_name_plural = _("review log")
        indexes = [models.Index(fields=["user", "reviewed_at"], name="reviewlog_user_time")]

    def __str__(self):
        return f"{self.user} · {self.card} · {self.get_rating_display()}"


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def site_time_zone() -> str:
    """The site's time zone, read when a row is made (not frozen into the migration)."""
    return settings.TIME_ZONE


class ReviewSettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_settings",
                                verbose_name=_("student"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=site_time_zone,
                                 help_text=_("Your day starts at midnight here."))
    new_per_day = models.PositiveSmallIntegerField(
        _("new cards a day"), default=10, validators=[MaxValueValidator(200)])
    reviews_per_day = models.PositiveSmallIntegerField(
        _("reviews a day"), default=60, validators=[MinValueValidator(1), MaxValueValidator(1000)])
    # Midnight (UTC) starting the student's day of their last review: reviews
    # since then count against today's limits while it is still that day.
    day_start = models.DateTimeField(_("start of the day of the last review"), null=True, blank=True)

    class Meta:
        ordering = ["user"]
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")
        constraints = [
            models.CheckConstraint(condition=Q(new_per_day__lte=200), name="reviewsettings_new_limit"),
            models.CheckConstraint(condition=Q(reviews_per_day__gte=1, reviews_per_day__lte=1000),
                                   name="reviewsettings_review_limit"),
        ]

    def __str__(self):
        return str(self.user)
