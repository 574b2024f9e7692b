"""The case study as data: course, chapters, lessons, glossary, timeline,
causes, tables; and the people in it: classes, enrolments, lesson progress."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from core import roles


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Only rows a student may see."""
        return self.filter(published=True)


class CourseQuerySet(PublishedQuerySet):
    def authored_by(self, user):
        """Courses this user may author: write and publish their quizzes, edit,
        import and export their question bank, preview their quizzes. Those an
        administrator or another author made them an author of, while they are
        an instructor; every course for an administrator. Teaching a class of a
        course gives no authoring rights: anyone who can teach can open a class."""
        if roles.is_administrator(user):
            return self
        if not roles.is_instructor(user):
            return self.none()
        return self.filter(authors=user)

    def taught_by(self, user):
        """Courses of the classes this user teaches (every course for an
        administrator). Teaching is not authoring: see `authored_by`."""
        if roles.is_administrator(user):
            return self
        # A subquery, not a join: an instructor of 127 classes must not make 127 rows per course.
        return self.filter(pk__in=Cohort.objects.filter(instructors=user).values("course_id"))


CHINESE = "zh-hant"


def reads_chinese(language: str | None = None) -> bool:
    """Whether `language` (by default the active one) reads the Chinese edition."""
    return (language or translation.get_language() or "").lower().startswith("zh")


class Translated(models.Model):
    """A row with a Chinese edition: `zh_hant` holds the translated text of
    `translated_fields` ({field: text}, from the `.zh-hant` content files)."""

    zh_hant = models.JSONField(_("Chinese edition"), default=dict, blank=True,
                               help_text=_("The translated text, loaded from the content files."))
    translated_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "english", None) is not None and self.edition != "en":
            raise ValueError("a row localized for reading is not saved")
        super().save(*args, **kwargs)

    def localize(self, language: str | None = None):
        """Show this row in the edition of `language` (the active one by default):
        the translated fields set in place, English kept where there is no
        translation (named in `fallback`). A localized row is for reading only."""
        if getattr(self, "english", None) is not None:
            return self
        deferred = self.get_deferred_fields()  # left as they are, and not loaded one query each
        names = [name for name in self.translated_fields if name not in deferred]
        self.english = {name: getattr(self, name) for name in names}
        self.fallback = set()
        self.edition = CHINESE if reads_chinese(language) else "en"
        if self.edition == CHINESE:
            for name in names:
                text = (self.zh_hant or {}).get(name)
                if text:
                    setattr(self, name, text)
                else:
                    self.fallback.add(name)
        return self


def localize_all(rows, language: str | None = None) -> list:
    return [row.localize(language) for row in rows]


class Course(Translated):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    source = models.TextField(_("source"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="authored_courses", blank=True,
                                     verbose_name=_("authors"),
                                     help_text=_("Instructors who write this course's quizzes and question bank."))

    objects = CourseQuerySet.as_manager()

    translated_fields = ("title", "summary", "source")

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:course", kwargs={"course": self.slug})


class Chapter(Translated):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters",
                               verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    translated_fields = ("title", "summary")

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="chapter_unique_number"),
            models.UniqueConstraint(fields=["course", "slug"], name="chapter_unique_slug"),
        ]

    def __str__(self):
        return _("Chapter %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class Lesson(Translated):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="lessons",
                                verbose_name=_("chapter"))
    position = models.PositiveSmallIntegerField(_("position"))
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("learning objectives"), blank=True,
                                  help_text=_("One objective a line."))
    body = MarkdownxField(_("body"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    source_lines = models.CharField(_("thesis lines"), max_length=40, blank=True)
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    translated_fields = ("title", "objectives", "body")

    class Meta:
        ordering = ["chapter__course", "chapter__number", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "position"], name="lesson_unique_position"),
            models.UniqueConstraint(fields=["chapter", "slug"], name="lesson_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:lesson", kwargs={
            "course": self.chapter.course.slug, "chapter": self.chapter.slug, "lesson": self.slug,
        })

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class KeyTerm(Translated):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="terms",
                               verbose_name=_("course"))
    slug = models.SlugField(_("slug"), max_length=100)
    term = models.CharField(_("term"), max_length=200)
    chinese = models.CharField(_("Chinese term"), max_length=100, blank=True,
                               help_text=_("As the thesis writes it."))
    definition = models.TextField(_("definition"))
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="terms", verbose_name=_("introduced in"))
    anchor = models.SlugField(_("heading id"), max_length=100, blank=True)
    source_line = models.PositiveIntegerField(_("thesis line"), null=True, blank=True)

    translated_fields = ("definition",)

    class Meta:
        ordering = ["term"]
        verbose_name = _("key term")
        verbose_name_plural = _("key terms")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="keyterm_unique_slug"),
        ]

    def __str__(self):
        return self.term


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


class TimelineEvent(Translated):
    """A dated event. `date` holds the first day of the period the precision
    allows (1991 → 1991-01-01), so events sort and compare at their precision."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="events",
                               verbose_name=_("course"))
    slug = models.SlugField(_("slug"), max_length=100)
    date = models.DateField(_("date"))
    precision = models.CharField(_("precision"), max_length=5, choices=DatePrecision.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="events", verbose_name=_("lesson"))
    anchor = models.SlugField(_("heading id"), max_length=100, blank=True)
    source_line = models.PositiveIntegerField(_("thesis line"), null=True, blank=True)

    translated_fields = ("title", "description")

    class Meta:
        ordering = ["date", "slug"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="event_unique_slug"),
        ]

    def __str__(self):
        return f"{self.date_display} {self.title}"

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.precision)

    @property
    def date_text(self) -> str:
        """The date as a reader of the active language reads it (2008年8月7日 in Chinese)."""
        return display_partial_date(self.date, self.precision)


def display_partial_date(date: datetime.date, precision: str) -> str:
    """A date at its precision in the active language: ISO in English (as the
    course writes dates), Django's date formats in Chinese (2008年8月7日, 2008年8月, 2008年)."""
    if not reads_chinese():
        return format_partial_date(date, precision)
    if precision == DatePrecision.YEAR:
        return date_format(date, "Y年")
    return date_format(date, "YEAR_MONTH_FORMAT" if precision == DatePrecision.MONTH else "DATE_FORMAT")


def format_partial_date(date: datetime.date, precision: str) -> str:
    """ISO text of a date at its precision: 1991, 1991-04 or 1991-04-09."""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


class CauseKind(models.TextChoices):
    DISTANT = "distant", _("distant cause")
    PROXIMATE = "proximate", _("proximate cause")
    INTEREST = "interest", _("Russian interest")
    MOTIVE = "motive", _("motive")
    FAVOURABLE = "favourable", _("favourable factor")


class Cause(Translated):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="causes",
                               verbose_name=_("course"))
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=CauseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("explanation"), blank=True)
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="causes", verbose_name=_("lesson"))
    anchor = models.SlugField(_("heading id"), max_length=100, blank=True)
    source_lines = models.CharField(_("thesis lines"), max_length=40, blank=True)

    translated_fields = ("title", "text")

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("cause or factor")
        verbose_name_plural = _("causes and factors")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="cause_unique_slug"),
        ]

    def __str__(self):
        return self.title


class DataTable(Translated):
    """A table of the thesis kept as data (Tables 4-1 … 4-5)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tables",
                               verbose_name=_("course"))
    slug = models.SlugField(_("slug"), max_length=100)
    number = models.CharField(_("number"), max_length=10)
    caption = models.CharField(_("caption"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="tables", verbose_name=_("lesson"))
    columns = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    source_lines = models.CharField(_("thesis lines"), max_length=40, blank=True)

    translated_fields = ("caption", "source", "columns", "rows")

    class Meta:
        ordering = ["number"]
        verbose_name = _("data table")
        verbose_name_plural = _("data tables")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="table_unique_slug"),
        ]

    def __str__(self):
        return _("Table %(number)s: %(caption)s") % {"number": self.number, "caption": self.caption}

    def cells(self) -> list[list[tuple[object, bool]]]:
        """Rows as (value, is_number) pairs, so numbers can be right-aligned."""
        return [[(cell, isinstance(cell, (int, float))) for cell in row] for row in self.rows]


class CohortQuerySet(models.QuerySet):
    def taught_by(self, user):
        """Classes this user teaches (every class for a superuser)."""
        if user.is_superuser:
            return self
        return self.filter(instructors=user)


class Cohort(models.Model):
    """A class of students run by one or more instructors, joined with a code."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts",
                               verbose_name=_("course"))
    name = models.CharField(_("name"), max_length=200)
    join_code = models.CharField(_("join code"), max_length=12, unique=True)
    join_code_expires_at = models.DateTimeField(_("join code expires"), null=True, blank=True)
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_cohorts",
                                         blank=True, verbose_name=_("instructors"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="enrolments", verbose_name=_("student"))
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("course"))
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="enrolments", verbose_name=_("class"))
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    last_lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("last lesson opened"))
    # The latest thing the student did in the course (`lessons.services.activity_record`): the dashboards'
    # "active this week" and "inactive for n days" read it with the roster.
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique_user_course"),
        ]

    def __str__(self):
        return f"{self.user} → {self.course}"


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="lesson_progress", verbose_name=_("student"))
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress",
                               verbose_name=_("lesson"))
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(_("time spent (seconds)"), default=0)

    class Meta:
        ordering = ["user", "lesson"]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="progress_unique_user_lesson"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=models.F("first_opened_at")),
                name="progress_completed_after_opened",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"

    @property
    def status(self) -> str:
        return "completed" if self.completed_at else "in_progress"


class ActivityDay(models.Model):
    """What a student did in a course on one day (the site's local day, in
    TIME_ZONE): that they did something (opened a lesson, started an
    attempt…), and how many lessons they completed and attempts they
    submitted. Written as it happens (`lessons.services.activity_record`), so
    the class overview's activity per day counts one row a student and day
    instead of reading every lesson opened and attempt made. After a change of
    TIME_ZONE, `manage.py summaries_rebuild` moves the days."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("student"))
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+", verbose_name=_("course"))
    day = models.DateField(_("day"))
    lessons = models.PositiveIntegerField(_("lessons completed"), default=0)
    attempts = models.PositiveIntegerField(_("attempts submitted"), default=0)

    class Meta:
        ordering = ["course", "day", "user"]
        verbose_name = _("day of activity")
        verbose_name_plural = _("days of activity")
        constraints = [models.UniqueConstraint(fields=["course", "user", "day"], name="activity_day_unique")]
        indexes = [models.Index(fields=["course", "day"], name="activity_day_course_day")]

    def __str__(self):
        return f"{self.user_id} · {self.course_id} · {self.day}"
