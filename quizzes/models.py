"""Quizzes, questions with their answer-key parts, attempts and responses.

A question's type decides which answer-key rows it uses (see
`quizzes.types`). An attempt copies what it showed the student into
its responses (`snapshot`, `shown`), so later edits never change the meaning
of a past attempt.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from lessons.models import Cause, Chapter, Course, DatePrecision, Lesson, TimelineEvent, Translated


class Topic(models.TextChoices):
    THEORY = "theory", _("theory")
    DATES = "dates", _("dates")
    CAUSES = "causes", _("causes")
    MIXED = "mixed", _("mixed")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("highest attempt")
    LATEST = "latest", _("latest attempt")
    FIRST = "first", _("first attempt")
    AVERAGE = "average", _("average of attempts")


class FeedbackTiming(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately, after each question")
    AFTER_SUBMIT = "after_submit", _("after the attempt is submitted")
    AFTER_CLOSE = "after_close", _("after the quiz closes")
    NEVER = "never", _("never")


class Release(models.TextChoices):
    """When a person's grades (essays) reach the student."""
    IMMEDIATE = "immediate", _("each grade when it is given")
    MANUAL = "manual", _("when the instructor releases them")


class Tag(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.slug


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions",
                               verbose_name=_("course"))
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("The question's name (GIFT's ::name::); the slug identifies it."))
    # The registered types are the choices (`quizzes.types.type_choices`), kept
    # out of the field so that a new type needs no migration of this table.
    type = models.CharField(_("type"), max_length=10)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices[:3])
    stem = MarkdownxField(_("question"))
    explanation = MarkdownxField(_("explanation"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="questions", verbose_name=_("lesson"))
    anchor = models.SlugField(_("heading id"), max_length=100, blank=True,
                              help_text=_("The heading of the lesson that teaches this."))
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    true_false_answer = models.BooleanField(_("true/false answer"), null=True, blank=True)
    # Moodle's feedbacktrue / feedbackfalse: what a student who answered True (or False) reads.
    true_feedback = models.TextField(_("feedback for the answer True"), blank=True)
    false_feedback = models.TextField(_("feedback for the answer False"), blank=True)
    # The Chinese edition's text (stem, explanation and each type's parts, as
    # `QuestionType.content_translation` gives them), shown through the snapshot.
    zh_hant = models.JSONField(_("Chinese edition"), default=dict, blank=True)
    # An archived question has left the bank and every quiz; attempts that
    # used it keep it (their snapshots and its row), so it is never deleted.
    archived = models.BooleanField(_("archived"), default=False,
                                   help_text=_("Out of the bank and of new attempts; past attempts keep it."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["course", "topic", "slug"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="question_unique_slug"),
            models.CheckConstraint(condition=Q(points__gte=1), name="question_points_positive"),
        ]

    def __str__(self):
        return self.slug

    def get_type_display(self) -> str:
        """The type's name, from the registry (as Django's own for a field with choices)."""
        qtype = types.REGISTRY.get(self.type)
        return str(qtype.label) if qtype else self.type

    def lesson_url(self) -> str:
        if not self.lesson_id:
            return ""
        url = self.lesson.get_absolute_url()
        return f"{url}#{self.anchor}" if self.anchor else url


class Option(models.Model):
    """A choice of a single-choice or multiple-response question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options",
                                 verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)
    # Moodle's fraction (-1 … 1) for this option; null everywhere means Casebook's equal shares.
    weight = models.FloatField(_("weight"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    event = models.ForeignKey(TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("timeline event"))
    cause = models.ForeignKey(Cause, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("cause"))

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_unique_position"),
            models.CheckConstraint(condition=Q(weight__isnull=True) | Q(weight__gte=-1, weight__lte=1),
                                   name="option_weight_range"),
        ]

    def __str__(self):
        return self.text[:60]


class OrderingItem(models.Model):
    """An item of a chronology question; `position` is its correct place."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ordering_items",
                                 verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("correct position"))
    text = models.CharField(_("text"), max_length=300)
    event = models.ForeignKey(TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("timeline event"))

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("ordering item")
        verbose_name_plural = _("ordering items")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="ordering_unique_position"),
        ]

    def __str__(self):
        return self.text


class MatchPair(models.Model):
    """An item of a matching question and the category it belongs to."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="match_pairs",
                                 verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"))
    item = models.CharField(_("item"), max_length=300)
    category = models.CharField(_("category"), max_length=100)
    cause = models.ForeignKey(Cause, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("cause"))

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("matching pair")
        verbose_name_plural = _("matching pairs")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="matchpair_unique_position"),
        ]

    def __str__(self):
        return f"{self.item} → {self.category}"


class DateKey(models.Model):
    """The answer of a date question, at the precision the source gives."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="date_key",
                                    verbose_name=_("question"))
    date = models.DateField(_("date"))
    precision = models.CharField(_("precision"), max_length=5, choices=DatePrecision.choices)
    event = models.ForeignKey(TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("timeline event"))

    class Meta:
        verbose_name = _("date answer")
        verbose_name_plural = _("date answers")

    def __str__(self):
        return f"{self.date} ({self.precision})"


class AcceptedAnswer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="accepted_answers",
                                 verbose_name=_("question"))
    text = models.CharField(_("accepted answer"), max_length=200)
    fraction = models.FloatField(_("credit"), default=1.0)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["question", "id"]
        verbose_name = _("accepted answer")
        verbose_name_plural = _("accepted answers")
        constraints = [
            models.CheckConstraint(condition=Q(fraction__gte=0, fraction__lte=1), name="accepted_fraction_range"),
        ]

    def __str__(self):
        return self.text


class QuizQuerySet(models.QuerySet):
    def published(self):
        """Quizzes students can see."""
        return self.filter(published=True)


class Quiz(Translated):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quizzes",
                               verbose_name=_("course"))
    chapter = models.ForeignKey(Chapter, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="quizzes", verbose_name=_("chapter scope"))
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices,
                            default=Topic.MIXED)
    questions = models.ManyToManyField(Question, through="QuizQuestion", blank=True,
                                       related_name="quizzes", verbose_name=_("fixed questions"))
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn"), default=0,
        help_text=_("0: use the fixed questions. N: draw N questions at random from the bank "
                    "(matching the quiz's topic, chapter and tags) for each attempt."))
    draw_tags = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("draw tags"))
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True,
                                                          blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=0,
                                                        help_text=_("0 means unlimited."))
    grading_method = models.CharField(_("grading method"), max_length=10,
                                      choices=GradingMethod.choices, default=GradingMethod.HIGHEST)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    feedback_timing = models.CharField(_("feedback shown"), max_length=12,
                                       choices=FeedbackTiming.choices,
                                       default=FeedbackTiming.AFTER_SUBMIT)
    release = models.CharField(_("grades by a person released"), max_length=10, choices=Release.choices,
                               default=Release.IMMEDIATE)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuizQuerySet.as_manager()

    translated_fields = ("title", "description")

    class Meta:
        ordering = ["course", "position", "title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="quiz_unique_slug"),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_percent"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:quiz", kwargs={"course": self.course.slug, "quiz": self.slug})


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions",
                             verbose_name=_("quiz"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["quiz", "position"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="quizquestion_unique_position"),
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique_question"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}"


class Accommodation(models.Model):
    """Extra time or extra attempts granted to one student on one quiz.

    Rows are never edited: each grant is a row recording who gave it and when,
    and a student's allowance is the sum of their rows."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="accommodations",
                             verbose_name=_("quiz"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="accommodations", verbose_name=_("student"))
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")

    def __str__(self):
        return f"{self.user} · {self.quiz}"


class AttemptQuerySet(models.QuerySet):
    def counted(self):
        """Attempts that count: not instructor previews."""
        return self.filter(is_preview=False)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def graded(self):
        """Submitted attempts with a score: not awaiting a person's grading."""
        return self.filter(submitted_at__isnull=False).exclude(grading=Attempt.Grading.AWAITING)


class Attempt(models.Model):
    class Grading(models.TextChoices):
        """An attempt with essays, after submission: "" once every grade is released."""
        AWAITING = "awaiting", _("awaiting grading")
        GRADED = "graded", _("graded, not released")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts",
                             verbose_name=_("quiz"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="attempts", verbose_name=_("student"))
    number = models.PositiveSmallIntegerField(_("attempt number"))
    is_preview = models.BooleanField(_("instructor preview"), default=False)
    started_at = models.DateTimeField(_("started"))
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), default=0)
    # The edition the attempt was started in; the question is the same in both.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    grading = models.CharField(_("grading"), max_length=8, choices=Grading.choices, blank=True, default="",
                               help_text=_("Awaiting grading: an essay is not graded yet (the score is empty). "
                                           "Graded: every essay is, but the grades are not released."))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            # A student has at most one attempt in progress on a quiz.
            models.UniqueConstraint(fields=["quiz", "user"], condition=Q(submitted_at__isnull=True),
                                    name="attempt_one_open_per_quiz"),
            models.UniqueConstraint(fields=["quiz", "user", "number"], condition=Q(is_preview=False),
                                    name="attempt_unique_number"),
        ]

    def __str__(self):
        return _("%(user)s · %(quiz)s · attempt %(number)s") % {
            "user": self.user, "quiz": self.quiz, "number": self.number}

    def get_absolute_url(self):
        return reverse("quizzes:attempt", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    @property
    def awaiting(self) -> bool:
        """What the student sees as "awaiting grading": not graded, or graded and not released."""
        return bool(self.grading)

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score, 1)


class Response(models.Model):
    """One question of an attempt: what was shown, what the student answered,
    and the grade. `snapshot` is the question and its key as they were when
    the attempt started; `shown` is the order the student saw."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses",
                                verbose_name=_("attempt"))
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="responses", verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"))
    snapshot = models.JSONField(_("question as shown"))
    shown = models.JSONField(_("order shown"), default=dict)
    answer = models.JSONField(_("answer"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    checked_at = models.DateTimeField(
        _("checked"), null=True, blank=True,
        help_text=_("With immediate feedback: when the student checked this answer (it is then final)."))
    fraction = models.FloatField(_("fraction correct"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    flagged = models.BooleanField(
        _("flagged"), default=False,
        help_text=_("The student marked this question to come back to before submitting."))

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="response_unique_position"),
        ]

    def __str__(self):
        return f"{self.attempt} · Q{self.position}"


class AttemptReset(models.Model):
    """The record of an attempt an instructor reset (deleted so the student
    gets it back): what it was, who reset it and when. The attempt and its
    responses are gone; this row is what remains of them."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempt_resets",
                             verbose_name=_("quiz"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="attempt_resets", verbose_name=_("student"))
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), default=0)
    reset_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("reset by"))
    reset_at = models.DateTimeField(_("reset"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-reset_at"]
        verbose_name = _("attempt reset")
        verbose_name_plural = _("attempt resets")

    def __str__(self):
        return _("%(user)s · %(quiz)s · attempt %(number)s (reset)") % {
            "user": self.user, "quiz": self.quiz, "number": self.number}


class AttemptTopicScore(models.Model):
    """A submitted attempt's answers summed by topic, one row an attempt and
    topic: the class overview's averages per topic read these few rows, not
    every answer of the class. Written on the write path (`quizzes.summary`)
    whenever an attempt's answers are graded; never by a page that reads."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+", verbose_name=_("attempt"))
    topic = models.CharField(_("topic"), max_length=10)
    total = models.FloatField(_("sum of fractions correct"), default=0)
    answered = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        ordering = ["attempt", "topic"]
        verbose_name = _("attempt score by topic")
        verbose_name_plural = _("attempt scores by topic")
        constraints = [models.UniqueConstraint(fields=["attempt", "topic"], name="attempt_topic_score_unique")]

    def __str__(self):
        return f"{self.attempt_id} · {self.topic_label}: {self.total}/{self.answered}"

    @property
    def topic_label(self) -> str:
        return Topic(self.topic).label if self.topic in Topic.values else self.topic



class QuizGrade(models.Model):
    """A student's grade on a quiz by its grading method, from their counted
    submitted attempts: one row for both editions together (`language` "") and
    one for each edition they submitted in. The dashboards read one row a
    student and quiz instead of every attempt. Written on the write path
    (`quizzes.summary.quiz_grade_write`) whenever an attempt's grade may change."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("student"))
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+", verbose_name=_("quiz"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    grade = models.FloatField(_("grade (%)"), null=True, blank=True)  # None while every attempt awaits grading
    scored = models.PositiveIntegerField(_("attempts with a score"), default=0)  # what the grade is taken from
    graded = models.PositiveIntegerField(_("attempts graded"), default=0)
    awaiting = models.PositiveIntegerField(_("attempts awaiting grading"), default=0)

    class Meta:
        ordering = ["quiz", "user", "language"]
        verbose_name = _("quiz grade")
        verbose_name_plural = _("quiz grades")
        constraints = [models.UniqueConstraint(fields=["user", "quiz", "language"], name="quiz_grade_unique")]
        indexes = [models.Index(fields=["quiz", "language"], name="quiz_grade_quiz_language")]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id} · {self.language or '*'}: {self.grade}"



class ResponseTally(models.Model):
    """One student's answers to one question of a quiz in one edition, summed
    over their graded submitted attempts: how many, and the sums from which the
    quiz report's facility and discrimination come — x, the fraction scored,
    and y, the rest of the attempt's score as a fraction of the rest of its
    maximum. A class's report adds up its students' rows (a few a student and
    question) instead of every answer. Written on the write path
    (`quizzes.summary.response_tally_write`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("student"))
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+", verbose_name=_("quiz"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question"))
    language = models.CharField(_("language"), max_length=10)
    n = models.PositiveIntegerField(_("answers"), default=0)
    sx = models.FloatField(default=0)
    sy = models.FloatField(default=0)
    sxx = models.FloatField(default=0)
    syy = models.FloatField(default=0)
    sxy = models.FloatField(default=0)
    last_response_id = models.BigIntegerField(_("latest answer"))  # its snapshot names the options and the key

    class Meta:
        ordering = ["quiz", "question", "user", "language"]
        verbose_name = _("answers tally")
        verbose_name_plural = _("answers tallies")
        constraints = [models.UniqueConstraint(fields=["user", "quiz", "question", "language"],
                                               name="response_tally_unique")]
        indexes = [models.Index(fields=["quiz", "language"], name="response_tally_quiz_language")]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id} · {self.question_id} · {self.language}: {self.n}"



class StudentTopicScore(models.Model):
    """One student's submitted answers in a course, summed by topic and
    edition over all their attempts (the sum of their `AttemptTopicScore`
    rows): the class overview's averages per topic add up a few rows a
    student. Written on the write path (`quizzes.summary.student_topics_write`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("student"))
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+", verbose_name=_("course"))
    topic = models.CharField(_("topic"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    total = models.FloatField(_("sum of fractions correct"), default=0)
    answered = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        ordering = ["course", "user", "topic", "language"]
        verbose_name = _("student score by topic")
        verbose_name_plural = _("student scores by topic")
        constraints = [models.UniqueConstraint(fields=["user", "course", "topic", "language"],
                                               name="student_topic_score_unique")]
        indexes = [models.Index(fields=["course", "language"], name="student_topic_course_language")]

    def __str__(self):
        return f"{self.user_id} · {self.course_id} · {self.topic} · {self.language}: {self.total}/{self.answered}"



class WrongAnswerTally(models.Model):
    """How often one student gave one wrong (or not fully right) answer to a
    question of a quiz in one edition, over their graded submitted attempts,
    and the first attempt it was in: the quiz report's commonest mistakes add
    up these narrow rows instead of reading every answer. Written with the
    answer tallies (`quizzes.summary.response_tally_write`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("student"))
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="+", verbose_name=_("quiz"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question"))
    language = models.CharField(_("language"), max_length=10)
    answer = models.JSONField(_("answer"), null=True)
    n = models.PositiveIntegerField(_("times given"), default=0)
    first_attempt_id = models.BigIntegerField(_("first attempt"))  # ties in the report go to the mistake seen first

    class Meta:
        ordering = ["quiz", "question", "user"]
        verbose_name = _("wrong answer tally")
        verbose_name_plural = _("wrong answer tallies")
        indexes = [models.Index(fields=["quiz", "language"], name="wrong_tally_quiz_language")]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id} · {self.question_id} · {self.language}: {self.n}"


# Question types may declare models of their own (their answer-key rows).
from quizzes import types  # noqa: E402,F401
