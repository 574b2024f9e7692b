"""Admin for quizzes, questions and their answer keys, and attempts.

Attempts and responses are evidence of what a student answered: admin shows
them read-only, and the only ways to touch them are the explicit actions
(regrade after a key is corrected, delete after a confirmation)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import roles
from core.admin import (
    MARKDOWN_WIDGETS, PositionedInlineFormSet, changelist_link, link_to, see_also, site_link, unpublish,
)
from quizzes import services
from quizzes.admin_actions import attempts_csv, regrade_plans, regrade_run
from quizzes.types.essay import EssayGrade, EssayGradeChange, Rubric, RubricCriterion, RubricLevel
from quizzes.models import (
    Accommodation, Attempt, AttemptReset, Question, Quiz,
    QuizQuestion, Response, Tag,
)
from quizzes.types import REGISTRY, get_type, type_choices

# ---- questions and their answer keys ------------------------------------------


class QuestionTypeFilter(admin.SimpleListFilter):
    title = _("type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return type_choices()

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


class QuestionAdminForm(forms.ModelForm):
    type = forms.ChoiceField(label=_("type"), choices=type_choices)

    class Meta:
        model = Question
        fields = ["course", "slug", "title", "type", "topic", "points", "tags", "stem", "explanation", "lesson",
                  "anchor", "true_false_answer", "true_feedback", "false_feedback"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ("slug", "stem_excerpt", "type", "topic", "points", "lesson_link", "quiz_count", "response_count",
                    "updated_at")
    form = QuestionAdminForm
    list_filter = (QuestionTypeFilter, "topic", "course", "tags", ("quizzes", admin.RelatedOnlyFieldListFilter),
                   "lesson__chapter")
    search_fields = ("slug", "title", "stem", "explanation")
    list_select_related = ("lesson",)
    date_hierarchy = "updated_at"
    ordering = ("course", "topic", "slug")
    autocomplete_fields = ("lesson", "tags")
    fieldsets = [
        (None, {"fields": ("course", "slug", "title", "type", "topic", "points", "tags")}),
        (_("Question"), {"fields": ("stem", "explanation", "lesson", "anchor")}),
        (_("Answer key"), {
            "fields": ("true_false_answer", "true_feedback", "false_feedback", "key_summary"),
            "description": _("The key rows of this question's type are below. A corrected key applies to new "
                             "attempts; regrade past attempts from the attempts list."),
        }),
        (_("Used in"), {"fields": ("used_in",)}),
    ]
    readonly_fields = ("key_summary", "used_in")
    actions = ["export_gift"]
    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            quiz_total=Count("quizzes", distinct=True), response_total=Count("responses", distinct=True))

    def get_inlines(self, request, obj):
        # A saved question shows only the key rows its type uses; a new one shows them all.
        if obj is not None and obj.type in REGISTRY:
            return REGISTRY[obj.type].admin_inlines()
        return list(dict.fromkeys(inline for qtype in REGISTRY.values() for inline in qtype.admin_inlines()))

    @admin.display(description=_("question"))
    def stem_excerpt(self, obj):
        # The title, where the author gave one, names the question better than the start of its stem.
        return obj.title or Truncator(obj.stem).chars(70)

    @admin.display(description=_("lesson"), ordering="lesson__title")
    def lesson_link(self, obj):
        return link_to(obj.lesson)

    @admin.display(description=_("quizzes"), ordering="quiz_total")
    def quiz_count(self, obj):
        return changelist_link(Quiz, obj.quiz_total, questions__id__exact=obj.pk)

    @admin.display(description=_("responses"), ordering="response_total")
    def response_count(self, obj):
        return changelist_link(Response, obj.response_total, question__id__exact=obj.pk)

    @admin.display(description=_("key as graded"))
    def key_summary(self, obj):
        if obj.pk is None:
            return "—"
        try:
            snapshot = get_type(obj.type).snapshot(obj)
        except (ObjectDoesNotExist, KeyError, IndexError, ValueError):  # a half-made key must not break the page
            return _("No key yet.")
        qtype = get_type(obj.type)
        problems = qtype.problems(snapshot)
        key = qtype.describe_key(snapshot) or "—"
        if problems:
            return format_html('{}<ul class="errorlist">{}</ul>', key,
                               format_html_join("", "<li>{}</li>", ((p,) for p in problems)))
        return key

    @admin.display(description=_("quizzes and attempts"))
    def used_in(self, obj):
        if obj.pk is None:
            return "—"
        quizzes = format_html_join(", ", "{}", ((link_to(quiz),) for quiz in obj.quizzes.all())) or _("no quiz")
        return format_html("{} · {}", quizzes, changelist_link(
            Response, _("responses to this question"), question__id__exact=obj.pk))

    @admin.action(description=_("Export the selected questions as GIFT (Moodle)"), permissions=["view"])
    def export_gift(self, request, queryset):
        from quizzes.drafts import draft_from_question
        from quizzes.gift import can_export, export_gift

        questions = list(queryset.select_related("date_key", "lesson").prefetch_related(
            "options", "ordering_items", "match_pairs", "accepted_answers", "tags").order_by("course", "topic", "slug"))
        skipped = [q.slug for q in questions if not can_export(draft_from_question(q))]
        if skipped:
            # Shown on the next page: the download itself cannot carry a message.
            self.message_user(request, _("GIFT cannot express ordering questions or dates finer than a year; "
                                         "left out: %(slugs)s.") % {"slugs": ", ".join(skipped)}, messages.WARNING)
        response = HttpResponse(export_gift(questions), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="casebook-questions.gift.txt"'
        return response


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("slug", "question_count")
    search_fields = ("slug",)
    ordering = ("slug",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, obj):
        return changelist_link(Question, obj.question_total, tags__id__exact=obj.pk)


# ---- quizzes ------------------------------------------------------------------

class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    formset = PositionedInlineFormSet
    extra = 0
    fields = ("position", "question", "question_stem", "question_type", "question_points", "edit_question")
    readonly_fields = ("question_stem", "question_type", "question_points", "edit_question")
    autocomplete_fields = ("question",)
    ordering = ("position",)
    verbose_name = _("question")
    verbose_name_plural = _("fixed questions (in order)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The "edit question" column is the one way to the question; no icon row under each picker.
        widget = formset.form.base_fields["question"].widget
        widget.can_add_related = widget.can_change_related = widget.can_view_related = False
        return formset

    @admin.display(description=_("text"))
    def question_stem(self, obj):
        return Truncator(obj.question.stem).chars(90) if obj.question_id else "—"

    @admin.display(description=_("type"))
    def question_type(self, obj):
        return obj.question.get_type_display() if obj.question_id else "—"

    @admin.display(description=_("points"))
    def question_points(self, obj):
        return obj.question.points if obj.question_id else "—"

    @admin.display(description=_("edit"))
    def edit_question(self, obj):
        return link_to(obj.question, _("edit question")) if obj.question_id else "—"


class AccommodationForm(forms.ModelForm):
    """A grant checked by the rule the instructor area uses (services.accommodation_problem)."""

    class Meta:
        model = Accommodation
        fields = ("quiz", "user", "extra_minutes", "extra_attempts", "note")

    def clean(self):
        data = super().clean()
        quiz = data.get("quiz") or getattr(self.instance, "quiz", None)
        if quiz is not None and not self.errors:
            problem = services.accommodation_problem(quiz=quiz, extra_minutes=data.get("extra_minutes") or 0,
                                                     extra_attempts=data.get("extra_attempts") or 0)
            if problem:
                raise forms.ValidationError(problem)
        return data


def _grant(request, obj: Accommodation) -> None:
    """Save an admin's new grant through services.accommodation_grant, so an attempt in progress gets the time."""
    grant = services.accommodation_grant(quiz=obj.quiz, user=obj.user, granted_by=request.user,
                                         extra_minutes=obj.extra_minutes, extra_attempts=obj.extra_attempts,
                                         note=obj.note)
    obj.pk, obj.granted_by, obj.granted_at = grant.pk, grant.granted_by, grant.granted_at
    obj._state.adding, obj._state.db = False, grant._state.db


class AccommodationInline(admin.TabularInline):
    model = Accommodation
    form = AccommodationForm
    extra = 0
    fields = ("user", "extra_minutes", "extra_attempts", "note", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")
    autocomplete_fields = ("user",)

    def has_change_permission(self, request, obj=None):
        return False  # grants are never edited; a new grant is a new row


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "topic", "chapter", "question_count", "attempt_count", "published",
                    "opens_at", "closes_at", "on_site")
    list_filter = ("published", "topic", "course", "chapter", "grading_method", "feedback_timing")
    search_fields = ("title", "slug", "description")
    list_select_related = ("course", "chapter")
    date_hierarchy = "updated_at"
    ordering = ("course", "position", "title")
    autocomplete_fields = ("draw_tags",)
    fieldsets = [
        (None, {"fields": ("related", "course", "chapter", "title", "slug", "topic", "description", "position",
                           "published")}),
        (_("Questions"), {"fields": ("draw_count", "draw_tags", "shuffle_questions")}),
        (_("When and how long"), {"fields": ("opens_at", "closes_at", "time_limit_minutes")}),
        (_("Attempts and grading"), {"fields": ("attempts_allowed", "grading_method", "pass_mark",
                                                "feedback_timing")}),
    ]
    readonly_fields = ("related",)
    inlines = [QuizQuestionInline, AccommodationInline]
    actions = ["publish", unpublish]

    @admin.action(description=_("Publish the selected quizzes"), permissions=["change"])
    def publish(self, request, queryset):
        """Publish through the same rule as the instructor area: a quiz students could not take stays a draft."""
        published = 0
        for quiz in queryset.filter(published=False):
            try:
                services.quiz_set_published(quiz=quiz, published=True)
            except services.PublishError as refusal:
                self.message_user(request, _("“%(quiz)s” was not published. %(problems)s")
                                  % {"quiz": quiz, "problems": " ".join(refusal.problems)}, messages.WARNING)
            else:
                published += 1
                self.log_change(request, quiz, [{"changed": {"fields": ["published"]}}])
        self.message_user(request, ngettext("Published %(count)d quiz.", "Published %(count)d quizzes.", published)
                          % {"count": published}, messages.SUCCESS)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            question_total=Count("quiz_questions", distinct=True), attempt_total=Count("attempts", distinct=True))

    def save_formset(self, request, form, formset, change):
        if formset.model is Accommodation:
            for grant in formset.save(commit=False):
                _grant(request, grant)  # grants are only added: the inline cannot change one
            for grant in formset.deleted_objects:
                grant.delete()
            return
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, obj):
        if obj.draw_count:
            return _("%(count)d drawn") % {"count": obj.draw_count}
        return changelist_link(Question, obj.question_total, quizzes__id__exact=obj.pk)

    @admin.display(description=_("attempts"), ordering="attempt_total")
    def attempt_count(self, obj):
        return changelist_link(Attempt, obj.attempt_total, quiz__id__exact=obj.pk)

    @admin.display(description=_("page"))
    def on_site(self, obj):
        return site_link(obj.get_absolute_url())

    @admin.display(description=_("see also"))
    def related(self, obj):
        if obj.pk is None:
            return "—"
        return see_also([
            changelist_link(Question, _("its questions"), quizzes__id__exact=obj.pk),
            changelist_link(Attempt, _("its attempts"), quiz__id__exact=obj.pk),
            changelist_link(Accommodation, _("accommodations"), quiz__id__exact=obj.pk),
            site_link(obj.get_absolute_url(), _("the quiz page")),
        ])


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    """Grants are rows that are never edited: add one, or delete a mistaken one."""

    form = AccommodationForm
    list_display = ("user_link", "quiz", "extra_minutes", "extra_attempts", "granted_by", "granted_at", "note")
    list_display_links = ("quiz",)  # the student's own link stays in the first column
    list_filter = ("quiz", "quiz__course")
    search_fields = ("user__username", "user__first_name", "user__last_name", "note")
    date_hierarchy = "granted_at"
    ordering = ("-granted_at",)
    autocomplete_fields = ("user",)
    list_select_related = ("user", "quiz", "granted_by")
    fields = ("quiz", "user", "extra_minutes", "extra_attempts", "note", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        _grant(request, obj)

    @admin.display(description=_("student"), ordering="user__username")
    def user_link(self, obj):
        return link_to(obj.user)


# ---- attempts and responses: read-only evidence --------------------------------

class ReadOnlyAdminMixin:
    """No add, change or delete through admin forms, whoever asks."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _answer_text(response) -> str:
    return get_type(response.snapshot["type"]).describe(response.snapshot, response.answer) or "—"


def _key_text(response) -> str:
    return get_type(response.snapshot["type"]).describe_key(response.snapshot) or "—"


def _number(value) -> str:
    """A score for people: 0.3333333 → 0.33, 2.0 → 2."""
    return "—" if value is None else f"{round(value, 2):g}"


def _mark(fraction) -> str:
    if fraction is None:
        return format_html('<span class="cb-mark cb-mark-none">{}</span>', _("not graded"))
    if fraction >= 1:
        return format_html('<span class="cb-mark cb-mark-right">✓ {}</span>', _("right"))
    if fraction > 0:
        return format_html('<span class="cb-mark cb-mark-part">◐ {}%</span>', round(100 * fraction))
    return format_html('<span class="cb-mark cb-mark-wrong">✗ {}</span>', _("wrong"))


class ResponseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Response
    extra = 0
    fields = ("position", "question_text", "answer_text", "key_text", "mark", "score_display")
    readonly_fields = fields
    ordering = ("position",)
    verbose_name_plural = _("responses (as the student answered them)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("question"))
    def question_text(self, obj):
        """The question as the student saw it, and a link to it as it is now."""
        stem = Truncator(strip_tags(obj.snapshot.get("stem_html", ""))).chars(110)
        slug = link_to(obj.question, obj.question.slug) if obj.question_id else obj.snapshot.get("slug", "—")
        return format_html('{}<br><span class="cb-note">{}</span>', stem, slug)

    @admin.display(description=_("answer"))
    def answer_text(self, obj):
        return _answer_text(obj)

    @admin.display(description=_("correct answer"))
    def key_text(self, obj):
        return _key_text(obj)

    @admin.display(description=_("mark"))
    def mark(self, obj):
        return _mark(obj.fraction)

    @admin.display(description=_("score"))
    def score_display(self, obj):
        return _number(obj.score)


class SubmittedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("submitted", _("submitted")), ("open", _("in progress"))]

    def queryset(self, request, queryset):
        if self.value() == "submitted":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "open":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    # The attempt's own name repeats the student and the quiz, which have their columns: a short label keeps the
    # list inside a 1,366 px screen.
    list_display = ("label", "student_link", "quiz_link", "is_preview", "started_at", "submitted_at",
                    "score_display", "percent_display", "grading")
    list_display_links = ("label",)
    list_filter = (SubmittedFilter, "grading", "is_preview", "quiz__course", "quiz")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "quiz__title",
                     "quiz__slug")
    list_select_related = ("user", "quiz")
    date_hierarchy = "started_at"
    ordering = ("-started_at",)
    view_on_site = False  # the attempt pages belong to the student
    fieldsets = [
        (None, {"fields": ("student_link", "quiz_link", "number", "is_preview")}),
        (_("Time"), {"fields": ("started_at", "deadline_at", "submitted_at")}),
        (_("Result"), {"fields": ("grading", "score_display", "percent_display")}),
    ]
    readonly_fields = ("student_link", "quiz_link", "number", "is_preview", "started_at", "deadline_at",
                       "submitted_at", "grading", "score_display", "percent_display")
    inlines = [ResponseInline]
    actions = ["regrade", "export_csv", "delete_attempts"]

    def has_regrade_permission(self, request):
        return roles.is_administrator(request.user) and self.has_view_permission(request)

    def has_remove_permission(self, request):
        return request.user.has_perm("quizzes.delete_attempt")

    @admin.display(description=_("attempt"), ordering="number")
    def label(self, obj):
        return _("Attempt %(number)s") % {"number": obj.number}

    @admin.display(description=_("student"), ordering="user__username")
    def student_link(self, obj):
        return link_to(obj.user, obj.user.get_full_name() or obj.user.get_username())

    @admin.display(description=_("quiz"), ordering="quiz__title")
    def quiz_link(self, obj):
        return link_to(obj.quiz)

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj):
        if obj.score is None:
            return "—"
        return f"{_number(obj.score)} / {_number(obj.max_score)}"

    @admin.display(description=_("percent"))
    def percent_display(self, obj):
        if obj.percent is None:
            return "—"
        verdict = _("passed") if obj.percent >= obj.quiz.pass_mark else _("not passed")
        return _("%(percent)s%% — %(verdict)s (pass mark %(mark)s%%)") % {
            "percent": f"{obj.percent:g}", "verdict": verdict, "mark": obj.quiz.pass_mark}

    def _confirm(self, request, queryset, template, **context):
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        })

    @admin.action(description=_("Regrade the selected attempts with the questions' current keys"),
                  permissions=["regrade"])
    def regrade(self, request, queryset):
        """First a preview of every score change; on confirmation, write the
        corrected keys into the snapshots, regrade, and record it in history."""
        plans = regrade_plans(queryset)
        if request.POST.get("post") != "yes":
            return self._confirm(request, queryset, "admin/quizzes/attempt/regrade.html", plans=plans,
                                 action_name="regrade", title=_("Regrade attempts"), done=False,
                                 to_change=sum(1 for plan in plans if plan.changed))
        changed = regrade_run(plans, user=request.user)
        self.message_user(request, ngettext(
            "Regraded %(count)d attempt.", "Regraded %(count)d attempts.", len(changed)) % {"count": len(changed)},
            messages.SUCCESS)
        return self._confirm(request, queryset, "admin/quizzes/attempt/regrade.html", plans=plans,
                             title=_("Attempts regraded"), done=True, to_change=len(changed))

    @admin.action(description=_("Export the selected attempts as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return attempts_csv(queryset)

    @admin.action(description=_("Delete the selected attempts and their answers…"), permissions=["remove"])
    def delete_attempts(self, request, queryset):
        """The one way to delete evidence: a confirmation page, then a record."""
        if request.POST.get("post") != "yes":
            return self._confirm(request, queryset.select_related("user", "quiz"),
                                 "admin/quizzes/attempt/delete_confirmation.html",
                                 action_name="delete_attempts", title=_("Delete attempts"),
                                 response_total=Response.objects.filter(attempt__in=queryset).count())
        self.log_deletions(request, queryset)
        count = services.attempts_delete(attempts=queryset)
        self.message_user(request, ngettext(
            "Deleted %(count)d attempt and its answers.", "Deleted %(count)d attempts and their answers.", count,
        ) % {"count": count}, messages.SUCCESS)
        return None


class GradedFilter(admin.SimpleListFilter):
    title = _("mark")
    parameter_name = "mark"

    def lookups(self, request, model_admin):
        return [("right", _("right")), ("partly", _("partly right")), ("wrong", _("wrong")),
                ("ungraded", _("not graded"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "right":
            return queryset.filter(fraction__gte=1)
        if value == "partly":
            return queryset.filter(fraction__gt=0, fraction__lt=1)
        if value == "wrong":
            return queryset.filter(fraction__lte=0)
        if value == "ungraded":
            return queryset.filter(fraction__isnull=True)
        return queryset


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("label", "attempt_link", "question_link", "answer_text", "mark", "score_display", "answered_at")
    list_display_links = ("label",)
    list_filter = (GradedFilter, "attempt__is_preview", "attempt__quiz__course", "attempt__quiz")
    search_fields = ("attempt__user__username", "attempt__user__first_name", "attempt__user__last_name",
                     "question__slug", "attempt__quiz__title")
    list_select_related = ("attempt__user", "attempt__quiz", "question")
    date_hierarchy = "answered_at"
    ordering = ("-attempt__started_at", "position")
    fields = ("attempt_link", "position", "question_link", "answer_text", "key_text", "mark", "score_display",
              "answered_at", "checked_at", "snapshot", "shown", "answer")
    readonly_fields = fields

    @admin.display(description=_("response"), ordering="position")
    def label(self, obj):
        return _("Question %(position)s") % {"position": obj.position}

    @admin.display(description=_("attempt"), ordering="attempt__started_at")
    def attempt_link(self, obj):
        return link_to(obj.attempt)

    @admin.display(description=_("question"), ordering="question__slug")
    def question_link(self, obj):
        return link_to(obj.question) if obj.question_id else obj.snapshot.get("slug", "—")

    @admin.display(description=_("answer"))
    def answer_text(self, obj):
        return _answer_text(obj)

    @admin.display(description=_("correct answer"))
    def key_text(self, obj):
        return _key_text(obj)

    @admin.display(description=_("mark"), ordering="fraction")
    def mark(self, obj):
        return _mark(obj.fraction)

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj):
        return _number(obj.score)


@admin.register(AttemptReset)
class AttemptResetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What remains of an attempt an instructor reset: evidence, read-only."""

    list_display = ("__str__", "student_link", "quiz", "number", "score_display", "reset_by", "reset_at", "note")
    list_filter = ("quiz__course", "quiz")
    search_fields = ("user__username", "user__first_name", "user__last_name", "quiz__title", "note")
    list_select_related = ("user", "quiz", "reset_by")
    date_hierarchy = "reset_at"
    ordering = ("-reset_at",)
    fields = ("student_link", "quiz", "number", "started_at", "submitted_at", "score_display", "reset_by",
              "reset_at", "note")
    readonly_fields = fields

    @admin.display(description=_("student"), ordering="user__username")
    def student_link(self, obj):
        return link_to(obj.user, obj.user.get_full_name() or obj.user.get_username())

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj):
        return "—" if obj.score is None else f"{_number(obj.score)} / {_number(obj.max_score)}"


# ---- essays: rubrics and the grades people gave ---------------------------------

class RubricCriterionInline(admin.StackedInline):
    model = RubricCriterion
    extra = 0
    show_change_link = True


class RubricLevelInline(admin.TabularInline):
    model = RubricLevel
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "course")
    list_filter = ("course",)
    inlines = [RubricCriterionInline]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "rubric")
    inlines = [RubricLevelInline]


class EssayGradeChangeInline(admin.TabularInline):
    model = EssayGradeChange
    extra = 0
    can_delete = False
    readonly_fields = ("changed_by", "changed_at", "before", "after")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EssayGrade)
class EssayGradeAdmin(admin.ModelAdmin):
    """Grades are given in the grading queue (which keeps the audit trail); here they are read."""
    list_display = ("response", "score", "graded_by", "graded_at")
    list_select_related = ("response__attempt__user", "response__attempt__quiz", "graded_by")
    readonly_fields = ("response", "rubric", "levels", "comments", "comment", "score", "graded_by", "graded_at")
    inlines = [EssayGradeChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
