"""Essay: a written answer (plain text or Markdown) that a person grades,
against an analytic rubric (criteria × levels, each level with points) or,
without one, out of free points.

An attempt with an essay is graded at once for its other questions and then
waits in the state "awaiting grading" (`Attempt.grading`) until every essay in
it is graded; its score stays None until then, so every report that reads
scores leaves it out. Grades reach the student when they are released: at once
or when the instructor decides (`Quiz.release`).

Tables (migration `quizzes.0009_essay`): `Rubric` → `RubricCriterion` →
`RubricLevel` (a course's reusable rubrics), `EssayKey` (a question's
template, word limits, grader information, model answer and rubric),
`EssayGrade` (a response's grade, with the rubric it was given under),
`EssayGradeChange` (the audit trail) and `EssayClaim` (who is grading an
answer now, until when).

The grader information and the model answer live under the snapshot's "key":
no page a student opens shows them before the grade is released."""

import datetime
import functools
import re

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lessons.markdown import render_markdown
from lessons.models import Course
from quizzes import limits
from quizzes.models import Attempt, Question, Quiz, Release, Response
from quizzes.signals import quiz_grade_changed_send
from quizzes.summary import attempt_summary_write
from quizzes.types.base import AnswerError, QuestionType, over_caps, plain

MAX_ESSAY = 20_000  # characters of an answer
MAX_WORDS = 5_000
GRADER_TEXT = 5_000
CLAIM_MINUTES = 20
COMMENT = 2_000
# A word is a run of letters between spaces and punctuation, except that each Chinese, Japanese or Korean
# character counts as one: those scripts write no spaces, so a 600-character Chinese essay would otherwise be
# "one word". Full-width punctuation (，。「」) separates like a space. static/js/essay.js counts the same way.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_SEPARATORS = "\\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
WORD = re.compile(f"[{_CJK}]|[^{_SEPARATORS}{_CJK}]+")


def count_words(text: str) -> int:
    """Words as the page counts them live (static/js/essay.js): runs of non-space, a CJK character one each."""
    return len(WORD.findall(text or ""))


# ---- tables -------------------------------------------------------------------

class Rubric(models.Model):
    """A course's analytic rubric, reusable by any of its essay questions."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="rubrics",
                               verbose_name=gettext_lazy("course"))
    slug = models.SlugField(gettext_lazy("slug"), max_length=100)
    title = models.CharField(gettext_lazy("title"), max_length=200)
    # The Chinese edition from rubrics.zh-hant.toml: {"title", "criteria": [{"title", "description", "levels":
    # [description, …]}, …]}, criteria and levels in the English order.
    zh_hant = models.JSONField(gettext_lazy("Chinese edition"), default=dict, blank=True)

    class Meta:
        app_label = "quizzes"
        ordering = ["course", "slug"]
        verbose_name = gettext_lazy("rubric")
        verbose_name_plural = gettext_lazy("rubrics")
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="rubric_unique_slug")]

    def __str__(self):
        return self.title

    def as_snapshot(self) -> dict:
        """The rubric as a grade keeps it: editing the rubric later changes no grade."""
        return {"slug": self.slug, "title": self.title, "criteria": [
            {"slug": c.slug, "title": c.title, "description": c.description,
             "levels": [{"points": lv.points, "description": lv.description} for lv in c.levels.all()]}
            for c in self.criteria.all()]}


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria",
                               verbose_name=gettext_lazy("rubric"))
    position = models.PositiveSmallIntegerField(gettext_lazy("position"))
    slug = models.SlugField(gettext_lazy("slug"), max_length=100)
    title = models.CharField(gettext_lazy("title"), max_length=200)
    description = models.TextField(gettext_lazy("description"), blank=True)

    class Meta:
        app_label = "quizzes"
        ordering = ["rubric", "position"]
        verbose_name = gettext_lazy("rubric criterion")
        verbose_name_plural = gettext_lazy("rubric criteria")
        constraints = [models.UniqueConstraint(fields=["rubric", "slug"], name="criterion_unique_slug")]

    def __str__(self):
        return self.title


class RubricLevel(models.Model):
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels",
                                  verbose_name=gettext_lazy("criterion"))
    position = models.PositiveSmallIntegerField(gettext_lazy("position"))
    points = models.PositiveSmallIntegerField(gettext_lazy("points"))
    description = models.TextField(gettext_lazy("description"))

    class Meta:
        app_label = "quizzes"
        ordering = ["criterion", "position"]
        verbose_name = gettext_lazy("rubric level")
        verbose_name_plural = gettext_lazy("rubric levels")

    def __str__(self):
        return f"{self.points} · {self.description[:40]}"


class EssayKey(models.Model):
    """What an essay question has beyond its stem: never shown to a student before release."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="essay_key",
                                    verbose_name=gettext_lazy("question"))
    rubric = models.ForeignKey(Rubric, on_delete=models.RESTRICT, null=True, blank=True, related_name="+",
                               verbose_name=gettext_lazy("rubric"),
                               help_text=gettext_lazy("None: the grader gives free points, up to the question's."))
    template = models.TextField(gettext_lazy("response template"), blank=True)
    min_words = models.PositiveIntegerField(gettext_lazy("minimum words"), null=True, blank=True)
    max_words = models.PositiveIntegerField(gettext_lazy("maximum words"), null=True, blank=True)
    grader_info = models.TextField(gettext_lazy("information for graders"), blank=True)
    model_answer = models.TextField(gettext_lazy("model answer"), blank=True)

    class Meta:
        app_label = "quizzes"
        verbose_name = gettext_lazy("essay settings")
        verbose_name_plural = gettext_lazy("essay settings")

    def __str__(self):
        return str(self.question)


class EssayGrade(models.Model):
    """A person's grade of one essay answer, with the rubric it was given under."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="essay_grade",
                                    verbose_name=gettext_lazy("response"))
    rubric = models.JSONField(gettext_lazy("rubric as graded"), null=True, blank=True)
    levels = models.JSONField(gettext_lazy("level per criterion"), default=dict)
    comments = models.JSONField(gettext_lazy("comment per criterion"), default=dict)
    comment = models.TextField(gettext_lazy("overall comment"), blank=True)
    score = models.FloatField(gettext_lazy("score"))
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="+", verbose_name=gettext_lazy("graded by"))
    graded_at = models.DateTimeField(gettext_lazy("graded"))

    class Meta:
        app_label = "quizzes"
        verbose_name = gettext_lazy("essay grade")
        verbose_name_plural = gettext_lazy("essay grades")

    def __str__(self):
        return f"{self.response} · {self.score}"

    def as_record(self) -> dict:
        return {"score": self.score, "levels": self.levels, "comments": self.comments, "comment": self.comment}


class EssayGradeChange(models.Model):
    """The audit trail: every grade given or changed, by whom, when, from what to what."""

    grade = models.ForeignKey(EssayGrade, on_delete=models.CASCADE, related_name="changes",
                              verbose_name=gettext_lazy("grade"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=gettext_lazy("changed by"))
    changed_at = models.DateTimeField(gettext_lazy("changed"))
    before = models.JSONField(gettext_lazy("before"), null=True, blank=True)
    after = models.JSONField(gettext_lazy("after"))

    class Meta:
        app_label = "quizzes"
        ordering = ["grade", "changed_at", "pk"]
        verbose_name = gettext_lazy("essay grade change")
        verbose_name_plural = gettext_lazy("essay grade changes")

    def __str__(self):
        return f"{self.grade} · {self.changed_at:%Y-%m-%d %H:%M}"


class EssayClaim(models.Model):
    """A grader working on an answer: others see it and cannot grade it until it expires."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="essay_claim",
                                    verbose_name=gettext_lazy("response"))
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                               verbose_name=gettext_lazy("grader"))
    expires_at = models.DateTimeField(gettext_lazy("expires"))

    class Meta:
        app_label = "quizzes"
        verbose_name = gettext_lazy("essay claim")
        verbose_name_plural = gettext_lazy("essay claims")

    def __str__(self):
        return f"{self.response} · {self.grader}"


# ---- grading rules --------------------------------------------------------------

class GradingError(Exception):
    """A grade the rules refuse; the message is for the grader."""


def rubric_points(rubric: dict | None) -> int:
    if not rubric:
        return 0
    return sum(max((lv["points"] for lv in c["levels"]), default=0) for c in rubric["criteria"])


def essay_claim(*, response: Response, grader, now=None) -> EssayClaim:
    """Claim an answer for `grader` for CLAIM_MINUTES (renewing their own claim);
    refused while another grader's claim has not expired."""
    now = now or timezone.now()
    with transaction.atomic():
        # The answer's row is the lock: with no claim row yet there would be nothing to lock, and two graders
        # opening the same answer together would both create one.
        Response.objects.select_for_update().filter(pk=response.pk).first()
        claim = EssayClaim.objects.filter(response=response).select_related("grader").first()
        if claim and claim.grader_id != grader.pk and claim.expires_at > now:
            raise GradingError(_("%(name)s is grading this answer until %(time)s.") % {
                "name": claim.grader.get_full_name() or claim.grader.get_username(),
                "time": timezone.localtime(claim.expires_at).strftime("%H:%M")})
        expires = now + datetime.timedelta(minutes=CLAIM_MINUTES)
        if claim:
            claim.grader, claim.expires_at = grader, expires
            claim.save(update_fields=["grader", "expires_at"])
        else:
            claim = EssayClaim.objects.create(response=response, grader=grader, expires_at=expires)
    return claim


def _check_levels(rubric: dict, levels: dict) -> float:
    if set(levels) != {c["slug"] for c in rubric["criteria"]}:
        raise GradingError(_("Choose a level for every criterion."))
    total = 0.0
    for criterion in rubric["criteria"]:
        index = levels[criterion["slug"]]
        if not isinstance(index, int) or not 0 <= index < len(criterion["levels"]):
            raise GradingError(_("Choose one of the levels of “%(title)s”.") % {"title": criterion["title"]})
        total += criterion["levels"][index]["points"]
    return total


def current_rubric(response: Response) -> dict | None:
    """The rubric a grade given now is given under: the question's rubric as it is now."""
    key = EssayKey.objects.select_related("rubric").filter(question_id=response.question_id).first()
    if key and key.rubric_id:
        rubric = Rubric.objects.prefetch_related("criteria__levels").get(pk=key.rubric_id)
        return rubric.as_snapshot()
    if key or response.question_id:
        return None
    return response.snapshot["key"].get("rubric")


@transaction.atomic
def essay_grade(*, response: Response, grader, levels: dict | None = None, points: float | None = None,
                comments: dict | None = None, comment: str = "", now=None) -> EssayGrade:
    """Grade (or regrade) an essay answer: by a level per criterion of the
    rubric, or by free points. Keeps the rubric it is given under and a row
    of the audit trail; then the attempt's state follows (`attempt_grading_refresh`)."""
    from quizzes.services import QuizRuleError
    now = now or timezone.now()
    # The attempt first, then the answer: grades of two essays of one attempt, and a release, run one after
    # the other, so the last of them sees every essay graded and the attempt's state is never left behind.
    Attempt.objects.select_for_update().filter(responses__pk=response.pk).first()
    response = Response.objects.select_for_update().select_related("attempt__quiz").get(pk=response.pk)
    if response.snapshot.get("type") != Essay.code or response.attempt.is_open:
        raise GradingError(_("Only a submitted essay answer can be graded."))
    claim = EssayClaim.objects.filter(response=response).select_related("grader").first()
    if claim and claim.grader_id != grader.pk and claim.expires_at > now:
        raise GradingError(_("%(name)s is grading this answer until %(time)s.") % {
            "name": claim.grader.get_full_name() or claim.grader.get_username(),
            "time": timezone.localtime(claim.expires_at).strftime("%H:%M")})
    existing = EssayGrade.objects.filter(response=response).first()
    rubric = existing.rubric if existing else current_rubric(response)
    maximum = response.snapshot["points"]
    comments = {k: v.strip() for k, v in (comments or {}).items() if isinstance(v, str) and v.strip()}
    if any(len(v) > COMMENT for v in comments.values()) or len(comment) > COMMENT:
        raise GradingError(_("Keep each comment under %(n)s characters.") % {"n": COMMENT})
    if rubric:
        score = _check_levels(rubric, levels or {})
        top = rubric_points(rubric)
        score = maximum * score / top if top else 0.0
        comments = {k: v for k, v in comments.items() if k in {c["slug"] for c in rubric["criteria"]}}
    else:
        if points is None or not 0 <= points <= maximum:
            raise GradingError(_("Give between 0 and %(max)s points.") % {"max": maximum})
        score, levels, comments = float(points), {}, {}
    record = {"score": round(score, 4), "levels": levels or {}, "comments": comments, "comment": comment.strip()}
    if existing:
        before = existing.as_record()
        if before == record:
            EssayClaim.objects.filter(response=response).delete()
            return existing
        for name, value in record.items():
            setattr(existing, name, value)
        existing.graded_by, existing.graded_at = grader, now
        existing.save()
        grade = existing
    else:
        before = None
        grade = EssayGrade.objects.create(response=response, rubric=rubric, graded_by=grader, graded_at=now, **record)
    EssayGradeChange.objects.create(grade=grade, changed_by=grader, changed_at=now, before=before, after=record)
    response.score = record["score"]
    response.fraction = record["score"] / maximum if maximum else 0.0
    response.save(update_fields=["score", "fraction"])
    EssayClaim.objects.filter(response=response).delete()
    try:
        attempt_grading_refresh(response.attempt)
    except QuizRuleError as error:  # pragma: no cover - the attempt was checked above
        raise GradingError(str(error)) from None
    return grade


def attempt_grading_refresh(attempt: Attempt) -> None:
    """After a grade: an attempt whose essays are all graded gets its score, and
    is released at once when its quiz says so (or was released before);
    the LMS is told of every released grade that changed."""
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)  # as it is now
    responses = list(attempt.responses.all())
    essays = [r for r in responses if r.snapshot.get("type") == Essay.code]
    if any(r.score is None for r in essays):
        return
    old = (attempt.grading, attempt.score)
    score = round(sum(r.score or 0.0 for r in responses), 4)
    released = attempt.grading == "" or attempt.quiz.release == Release.IMMEDIATE
    attempt.grading = "" if released else Attempt.Grading.GRADED
    attempt.score = score
    attempt.save(update_fields=["grading", "score"])
    attempt_summary_write(attempt)
    if released and old != (attempt.grading, attempt.score):
        quiz_grade_changed_send(attempt=attempt)


@transaction.atomic
def quiz_release(*, quiz: Quiz) -> int:
    """Release every graded attempt of the quiz to its student (and the LMS); returns how many."""
    attempts = list(Attempt.objects.select_for_update().filter(quiz=quiz, grading=Attempt.Grading.GRADED))
    Attempt.objects.filter(pk__in=[a.pk for a in attempts]).update(grading="")
    for attempt in attempts:
        attempt.grading = ""
        quiz_grade_changed_send(attempt=attempt)
    return len(attempts)


# ---- the type -----------------------------------------------------------------

class Essay(QuestionType):
    code = "essay"
    label = gettext_lazy("essay")
    position = 9
    manual = True
    select = ("essay_key",)
    part_models = (EssayKey,)
    content_keys = frozenset({"template", "min_words", "max_words", "rubric", "grader_info", "model_answer"})
    translatable_keys = frozenset({"template", "grader_info", "model_answer"})
    keeps_defaults = frozenset({"wrong_answers", "present", "refreshed_key", "question_fields", "parts_form", "gift_meta"})

    def _key(self, question) -> EssayKey | None:
        try:
            return question.essay_key
        except EssayKey.DoesNotExist:
            return None

    def parts(self, question):
        key = self._key(question)
        rubric = None
        if key and key.rubric_id:
            rubric = Rubric.objects.prefetch_related("criteria__levels").get(pk=key.rubric_id).as_snapshot()
        return {"template": key.template if key else "", "min_words": key.min_words if key else None,
                "max_words": key.max_words if key else None,
                "key": {"grader_info_html": render_markdown(key.grader_info) if key else "",
                        "model_answer_html": render_markdown(key.model_answer) if key else "",
                        "rubric": rubric}}

    def content_translation(self, english, variant, content, rows, errors):
        texts = {}
        for key in sorted(self.translatable_keys):
            value = variant.data.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                errors.append(variant.error(key, f"{key} must be text"))
            elif not (english.data.get(key) or "").strip():
                errors.append(variant.error(key, f"{key} translates nothing: the English question has none"))
            else:
                texts[key] = value.strip()
        return texts

    def translated_parts(self, question, snapshot, texts):
        over: dict = {}
        if texts.get("template"):
            over["template"] = texts["template"]
        key = {f"{name}_html": render_markdown(texts[name]) for name in ("grader_info", "model_answer")
               if texts.get(name)}
        essay_key = self._key(question)
        translation = essay_key.rubric.zh_hant if snapshot["key"].get("rubric") and essay_key.rubric_id else {}
        if translation:
            key["rubric"] = {"title": translation.get("title", ""), "criteria": [
                {"title": c.get("title", ""), "description": c.get("description", ""),
                 "levels": [{"description": text} for text in c.get("levels", [])]}
                for c in translation.get("criteria", [])]}
        if key:
            over["key"] = key
        return over

    def public(self, snapshot, shown, answer):
        text = (answer or {}).get("text")
        return {"text": snapshot.get("template", "") if text is None else text,
                "min_words": snapshot.get("min_words"), "max_words": snapshot.get("max_words"),
                "maxlength": MAX_ESSAY}

    def parse(self, data, prefix, snapshot, shown):
        text = data.get(prefix, "")
        if not isinstance(text, str):
            raise AnswerError(_("Write your answer as text."))
        text = text.replace("\r\n", "\n").strip()
        templates = [snapshot.get("template")] + [edition.get("template") for edition in
                                                   (snapshot.get("editions") or {}).values()]
        if not text or text in {(template or "").strip() for template in templates}:
            return None  # the template as given, in either edition, is no answer
        if len(text) > MAX_ESSAY:
            raise AnswerError(_("Keep your answer under %(n)s characters.") % {"n": f"{MAX_ESSAY:,}"})
        most = snapshot.get("max_words")
        words = count_words(text)
        if most and words > most:
            raise AnswerError(ngettext("Your answer has %(words)s words; at most %(n)s word is allowed.",
                                       "Your answer has %(words)s words; at most %(n)s words are allowed.", most)
                              % {"words": words, "n": most})
        return {"text": text}

    def form_data(self, snapshot, shown, answer, prefix):
        return {prefix: answer["text"]} if answer else {}

    def incomplete(self, snapshot, answer):
        least = snapshot.get("min_words")
        words = count_words((answer or {}).get("text", ""))
        if least and words < least:
            return ngettext("Your answer has %(words)s words; at least %(n)s word is asked for.",
                            "Your answer has %(words)s words; at least %(n)s words are asked for.", least) % {
                "words": words, "n": least}
        return ""

    def grade(self, snapshot, answer):
        """Nothing is graded automatically: a person grades it (`essay_grade`)."""
        return 0.0

    def problems(self, snapshot):
        low, high = snapshot.get("min_words"), snapshot.get("max_words")
        if low and high and low > high:
            return [_("The minimum number of words is above the maximum.")]
        return []

    def describe(self, snapshot, answer):
        return (answer or {}).get("text", "")

    def describe_key(self, snapshot):
        return plain(snapshot["key"].get("model_answer_html", "")) or _("Graded by a person.")

    def feedback_html(self, snapshot, answer):
        return []

    def example_draft(self):
        return {"essay": {"template": "", "min_words": 5, "max_words": 300, "rubric": "",
                          "grader_info": "Look for a claim about NATO.", "model_answer": "Russia read NATO's enlargement as a threat."}}

    def key_answer(self, snapshot):
        return {"text": plain(snapshot["key"].get("model_answer_html", "")) or "An answer of several words here."}

    def wrong_answer(self, snapshot, rng=None):
        words = ["Georgia", "Russia", "NATO", "Abkhazia", "Tskhinvali"]
        return {"text": " ".join(rng.sample(words, 3)) if rng else "Too short."}

    def mistakes(self, snapshot, answer):
        # Written answers are not counted as one mistake or another: the item analysis shows one line for all.
        return [(("essay",), _("A written answer below full marks"))]

    # ---- storage --------------------------------------------------------------

    def draft_defaults(self):
        return {"essay": {"template": "", "min_words": None, "max_words": None, "rubric": "",
                          "grader_info": "", "model_answer": ""}}

    def draft_from_question(self, question):
        key = self._key(question)
        if key is None:
            return self.draft_defaults()
        return {"essay": {"template": key.template, "min_words": key.min_words, "max_words": key.max_words,
                          "rubric": key.rubric.slug if key.rubric_id else "",
                          "grader_info": key.grader_info, "model_answer": key.model_answer}}

    def draft_problems(self, draft):
        essay = draft.get("essay")
        if not isinstance(essay, dict) or set(essay) - set(self.draft_defaults()["essay"]):
            return [_("The essay settings must be an object with template, min_words, max_words, rubric, "
                      "grader_info and model_answer.")]
        for name in ("template", "rubric", "grader_info", "model_answer"):
            if not isinstance(essay.get(name, ""), str):
                return [_("The essay's %(name)s must be text.") % {"name": name}]
        for name in ("min_words", "max_words"):
            value = essay.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 1 <= value <= MAX_WORDS):
                return [_("A word limit is a whole number from 1 to %(n)s.") % {"n": MAX_WORDS}]
        return []

    def length_problems(self, draft):
        essay = draft.get("essay") if isinstance(draft.get("essay"), dict) else {}
        return over_caps([(_("The response template"), essay.get("template"), limits.STEM),
                          (_("The information for graders"), essay.get("grader_info"), GRADER_TEXT),
                          (_("The model answer"), essay.get("model_answer"), GRADER_TEXT)])

    def snapshot_from_draft(self, draft):
        essay = draft.get("essay") or {}
        return {"min_words": essay.get("min_words"), "max_words": essay.get("max_words"), "key": {}}

    def part_rows(self, question, draft):
        essay = {**self.draft_defaults()["essay"], **draft["essay"]}
        rubric = Rubric.objects.filter(course_id=question.course_id, slug=essay["rubric"]).first() \
            if essay["rubric"] else None
        return [EssayKey(question=question, rubric=rubric, template=essay["template"], min_words=essay["min_words"],
                         max_words=essay["max_words"], grader_info=essay["grader_info"],
                         model_answer=essay["model_answer"])]

    # ---- authoring ------------------------------------------------------------

    def form_fields(self):
        return {
            "essay_template": forms.CharField(label=gettext_lazy("Response template"), required=False,
                                              max_length=limits.STEM, widget=forms.Textarea(attrs={"rows": 3})),
            "essay_min_words": forms.IntegerField(label=gettext_lazy("Minimum words"), required=False,
                                                  min_value=1, max_value=MAX_WORDS),
            "essay_max_words": forms.IntegerField(label=gettext_lazy("Maximum words"), required=False,
                                                  min_value=1, max_value=MAX_WORDS),
            "essay_rubric": forms.SlugField(label=gettext_lazy("Rubric (slug; blank for free points)"),
                                            required=False, max_length=100),
            "essay_grader_info": forms.CharField(label=gettext_lazy("Information for graders"), required=False,
                                                 max_length=GRADER_TEXT, widget=forms.Textarea(attrs={"rows": 3})),
            "essay_model_answer": forms.CharField(label=gettext_lazy("Model answer"), required=False,
                                                  max_length=GRADER_TEXT, widget=forms.Textarea(attrs={"rows": 4})),
        }

    def initial(self, draft):
        essay = draft["essay"]
        return {f"essay_{name}": value for name, value in essay.items()}, []

    def draft_from_form(self, cleaned, rows):
        essay = {}
        for name in self.draft_defaults()["essay"]:
            value = cleaned.get(f"essay_{name}")
            essay[name] = value if name.endswith("words") else (value or "").strip()
        return {"essay": essay}

    # ---- content files --------------------------------------------------------

    def content_parts(self, entry, content, errors):
        d = entry.data
        essay = {"template": d.get("template", ""), "min_words": d.get("min_words"), "max_words": d.get("max_words"),
                 "rubric": d.get("rubric", ""), "grader_info": d.get("grader_info", ""),
                 "model_answer": d.get("model_answer", "")}
        for problem in self.draft_problems({"essay": essay}):
            errors.append(entry.error(None, problem))
            return {}, {EssayKey: []}, self.draft_defaults()
        rubrics = getattr(content, "rubrics", {})
        if essay["rubric"] and essay["rubric"] not in rubrics:
            errors.append(entry.error("rubric", f"no rubric {essay['rubric']!r} in rubrics.toml"))
        if essay["rubric"] and "points" in d:
            errors.append(entry.error("points", "give either rubric or points, not both"))
        fields = {"points": rubrics[essay["rubric"]] if essay["rubric"] in rubrics else d.get("points", 1)}
        row = {k: v for k, v in essay.items() if k != "rubric"}
        row["rubric"] = essay["rubric"] or None
        return fields, {EssayKey: [row]}, {"essay": essay}

    # ---- GIFT -----------------------------------------------------------------

    def gift_write(self, draft):
        essay = draft.get("essay") or {}
        if any(essay.get(k) for k in ("template", "min_words", "max_words", "rubric", "grader_info", "model_answer")):
            return None  # GIFT's {} says an essay and nothing more: the JSON keeps the rest
        return ""

    def gift_read(self, block, parsed, draft):
        if block.text.strip():
            return False
        draft["type"] = self.code
        parsed.warnings.append(_("An essay: no rubric yet, so it is graded out of free points."))
        return True

    # ---- the admin ------------------------------------------------------------

    def admin_inlines(self):
        return list(_admin_inlines())


@functools.cache
def _admin_inlines():
    from django.contrib import admin

    class EssayKeyInline(admin.StackedInline):
        model = EssayKey
        extra = 0

    return (EssayKeyInline,)
