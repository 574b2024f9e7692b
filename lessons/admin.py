"""Admin for the course content and the people in it: courses, chapters,
lessons and the case-study data; classes (and, on each user's page, the classes they teach)."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import roles
from core.admin import (
    MARKDOWN_WIDGETS, NumberedInlineFormSet, PositionedInlineFormSet, changelist_link, link_to, publish, see_also,
    site_link, unpublish, user_inline_add,
)
from lessons.admin_actions import reload_course_view
from lessons.content_saved import content_saved
from lessons.models import (
    Cause, Chapter, Cohort, Course, DataTable, Enrolment, KeyTerm, Lesson, LessonProgress, TimelineEvent,
)

# ---- course, chapters, lessons ------------------------------------------------

class ChapterInline(admin.TabularInline):
    model = Chapter
    formset = NumberedInlineFormSet
    extra = 0
    fields = ("number", "slug", "title", "lesson_count")
    readonly_fields = ("lesson_count",)
    ordering = ("number",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lesson_total=Count("lessons"))

    @admin.display(description=_("lessons"))
    def lesson_count(self, obj):
        if obj.pk is None:
            return "—"
        return changelist_link(Lesson, obj.lesson_total, chapter__id__exact=obj.pk)


def _only_instructors(chosen):
    """The rule of the instructor area's "add" forms: only instructors teach a
    class or author a course. Giving the role is a separate, deliberate step."""
    others = [user.get_username() for user in chosen if not roles.is_instructor(user)]
    if others:
        raise forms.ValidationError(ngettext(
            "%(names)s is not an instructor. Give the instructor role from the user list first.",
            "%(names)s are not instructors. Give them the instructor role from the user list first.",
            len(others)) % {"names": ", ".join(others)})
    return chosen


class CourseAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].help_text = _(
            "Authors write the course's quizzes and question bank, preview and publish its quizzes and export "
            "its keys; teaching a class of the course does not make an instructor an author. Only instructors "
            "can be authors.")

    def clean_authors(self):
        return _only_instructors(self.cleaned_data["authors"])


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "published", "chapter_count", "lesson_count", "class_count", "created_at",
                    "on_site")
    list_filter = ("published",)
    search_fields = ("title", "slug", "summary")
    date_hierarchy = "created_at"
    ordering = ("title",)
    fieldsets = [
        (None, {"fields": ("related", "title", "slug", "summary", "source", "published", "authors")}),
    ]
    form = CourseAdminForm
    autocomplete_fields = ("authors",)
    readonly_fields = ("related",)
    inlines = [ChapterInline]
    actions = [publish, unpublish, "reload_from_content"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            chapter_total=Count("chapters", distinct=True),
            lesson_total=Count("chapters__lessons", distinct=True),
            class_total=Count("cohorts", distinct=True),
        )

    def changelist_view(self, request, extra_context=None):
        can_reload = roles.is_administrator(request.user) and self.has_change_permission(request)
        return super().changelist_view(request, {**(extra_context or {}), "can_reload": can_reload})

    def get_urls(self):
        view = self.admin_site.admin_view(self.reload_view)
        return [path("reload/", view, name="lessons_course_reload"), *super().get_urls()]

    def reload_view(self, request):
        return reload_course_view(self, request)

    @admin.action(description=_("Reload the course from content/"), permissions=["change"])
    def reload_from_content(self, request, queryset):
        # To the page that explains and asks first: an action's POST must not load anything yet.
        return HttpResponseRedirect(reverse("admin:lessons_course_reload"))

    @admin.display(description=_("chapters"), ordering="chapter_total")
    def chapter_count(self, obj):
        return changelist_link(Chapter, obj.chapter_total, course__id__exact=obj.pk)

    @admin.display(description=_("lessons"), ordering="lesson_total")
    def lesson_count(self, obj):
        return changelist_link(Lesson, obj.lesson_total, chapter__course__id__exact=obj.pk)

    @admin.display(description=_("classes"), ordering="class_total")
    def class_count(self, obj):
        return changelist_link(Cohort, obj.class_total, course__id__exact=obj.pk)

    @admin.display(description=_("page"))
    def on_site(self, obj):
        return site_link(obj.get_absolute_url())

    @admin.display(description=_("see also"))
    def related(self, obj):
        if obj.pk is None:
            return "—"
        links = [
            (Lesson, _("lessons"), {"chapter__course__id__exact": obj.pk}),
            (KeyTerm, _("key terms"), {"course__id__exact": obj.pk}),
            (TimelineEvent, _("timeline events"), {"course__id__exact": obj.pk}),
            (Cause, _("causes and factors"), {"course__id__exact": obj.pk}),
            (DataTable, _("data tables"), {"course__id__exact": obj.pk}),
            (Cohort, _("classes"), {"course__id__exact": obj.pk}),
            (Enrolment, _("enrolments"), {"course__id__exact": obj.pk}),
        ]
        return see_also(changelist_link(model, label, **query) for model, label, query in links)


class LessonInline(admin.TabularInline):
    """Reorder and rename lessons here; a new lesson needs a body, so it is
    added from the lesson page."""

    model = Lesson
    formset = PositionedInlineFormSet
    extra = 0
    fields = ("position", "slug", "title", "estimated_minutes", "published")
    ordering = ("position",)
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "course", "number", "slug", "lesson_count")
    list_filter = ("course",)
    search_fields = ("title", "slug", "summary")
    ordering = ("course", "number")
    list_select_related = ("course",)
    inlines = [LessonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lesson_total=Count("lessons"))

    @admin.display(description=_("lessons"), ordering="lesson_total")
    def lesson_count(self, obj):
        return changelist_link(Lesson, obj.lesson_total, chapter__id__exact=obj.pk)


class CompletedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("completed", _("completed")), ("in_progress", _("in progress"))]

    def queryset(self, request, queryset):
        if self.value() == "completed":
            return queryset.filter(completed_at__isnull=False)
        if self.value() == "in_progress":
            return queryset.filter(completed_at__isnull=True)
        return queryset


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ("title", "chapter", "position", "estimated_minutes", "published", "updated_at", "on_site")
    list_filter = ("published", "chapter__course", "chapter")
    search_fields = ("title", "slug", "body", "objectives")
    list_select_related = ("chapter__course",)
    date_hierarchy = "updated_at"
    ordering = ("chapter__course", "chapter__number", "position")
    fieldsets = [
        (None, {"fields": ("related", "chapter", "position", "slug", "title", "published")}),
        (_("Content"), {"fields": ("objectives", "body", "estimated_minutes", "source_lines")}),
    ]
    readonly_fields = ("related",)
    actions = [publish, unpublish]

    @admin.display(description=_("page"))
    def on_site(self, obj):
        return site_link(obj.get_absolute_url())

    @admin.display(description=_("see also"))
    def related(self, obj):
        if obj.pk is None:
            return "—"
        links = [
            (KeyTerm, _("key terms"), {"lesson__id__exact": obj.pk}),
            (TimelineEvent, _("timeline events"), {"lesson__id__exact": obj.pk}),
            (Cause, _("causes and factors"), {"lesson__id__exact": obj.pk}),
            (DataTable, _("data tables"), {"lesson__id__exact": obj.pk}),
            (LessonProgress, _("students' progress"), {"lesson__id__exact": obj.pk}),
        ]
        return see_also(changelist_link(model, label, **query) for model, label, query in links)


# ---- the case study as data ---------------------------------------------------

@admin.register(KeyTerm)
class KeyTermAdmin(admin.ModelAdmin):
    list_display = ("term", "chinese", "lesson_link", "source_line")
    list_filter = ("course", "lesson__chapter")
    search_fields = ("term", "chinese", "definition", "slug")
    autocomplete_fields = ("lesson",)
    list_select_related = ("lesson",)
    ordering = ("term",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_saved(obj)

    @admin.display(description=_("introduced in"), ordering="lesson__title")
    def lesson_link(self, obj):
        return link_to(obj.lesson)


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ("date_display", "title", "precision", "lesson_link", "source_line")
    list_filter = ("precision", "course", "lesson__chapter")
    search_fields = ("title", "description", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ("lesson",)
    list_select_related = ("lesson",)
    ordering = ("date", "slug")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_saved(obj)

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return obj.date_display

    @admin.display(description=_("lesson"), ordering="lesson__title")
    def lesson_link(self, obj):
        return link_to(obj.lesson)


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "lesson_link", "source_lines")
    list_filter = ("kind", "course", "lesson__chapter")
    search_fields = ("title", "text", "slug")
    autocomplete_fields = ("lesson",)
    list_select_related = ("lesson",)
    ordering = ("kind", "title")

    @admin.display(description=_("lesson"), ordering="lesson__title")
    def lesson_link(self, obj):
        return link_to(obj.lesson)


@admin.register(DataTable)
class DataTableAdmin(admin.ModelAdmin):
    list_display = ("number", "caption", "lesson_link", "source_lines")
    list_filter = ("course",)
    search_fields = ("caption", "slug", "number")
    autocomplete_fields = ("lesson",)
    list_select_related = ("lesson",)
    ordering = ("number",)

    @admin.display(description=_("lesson"), ordering="lesson__title")
    def lesson_link(self, obj):
        return link_to(obj.lesson)


# ---- classes and students -----------------------------------------------------

class CohortAdminForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructors"].help_text = _(
            "Only instructors teach a class; give someone the instructor role from the user list first.")

    def clean_instructors(self):
        return _only_instructors(self.cleaned_data["instructors"])


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ("user", "course", "enrolled_at", "last_lesson")
    readonly_fields = ("enrolled_at", "last_lesson")
    autocomplete_fields = ("user",)
    show_change_link = True
    verbose_name = _("student")
    verbose_name_plural = _("students")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "course", "join_code", "join_code_expires_at", "instructor_names", "student_count",
                    "created_at")
    list_filter = ("course", ("instructors", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "join_code", "instructors__username")
    date_hierarchy = "created_at"
    ordering = ("name",)
    autocomplete_fields = ("instructors",)
    form = CohortAdminForm
    fields = ("course", "name", "join_code", "join_code_expires_at", "instructors")
    inlines = [EnrolmentInline]

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("course").prefetch_related("instructors")
                .annotate(student_total=Count("enrolments", distinct=True)))

    def get_view_on_site_url(self, obj=None):
        # Classes have no student page; the instructor dashboard's overview is their page.
        return reverse("dashboard:overview", args=[obj.pk]) if obj is not None else None

    @admin.display(description=_("instructors"))
    def instructor_names(self, obj):
        return ", ".join(user.get_full_name() or user.get_username() for user in obj.instructors.all()) or "—"

    @admin.display(description=_("students"), ordering="student_total")
    def student_count(self, obj):
        return changelist_link(Enrolment, obj.student_total, cohort__id__exact=obj.pk)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("user_link", "course", "cohort", "last_lesson", "enrolled_at")
    # The first column links to the student; the row's own page is reached from the course column (a link
    # inside Django's row link would leave an empty anchor behind).
    list_display_links = ("course",)
    list_filter = ("course", "cohort")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    date_hierarchy = "enrolled_at"
    ordering = ("-enrolled_at",)
    autocomplete_fields = ("user", "cohort", "last_lesson")
    list_select_related = ("user", "course", "cohort", "last_lesson")

    @admin.display(description=_("student"), ordering="user__username")
    def user_link(self, obj):
        return link_to(obj.user)


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("user_link", "lesson", "first_opened_at", "last_opened_at", "completed_at", "seconds_spent")
    list_display_links = ("lesson",)
    list_filter = (CompletedFilter, "lesson__chapter__course", "lesson__chapter")
    search_fields = ("user__username", "user__first_name", "user__last_name", "lesson__title")
    date_hierarchy = "last_opened_at"
    ordering = ("-last_opened_at",)
    autocomplete_fields = ("user", "lesson")
    list_select_related = ("user", "lesson")

    @admin.display(description=_("student"), ordering="user__username")
    def user_link(self, obj):
        return link_to(obj.user)


class TaughtCohortForm(forms.ModelForm):
    class Meta:
        model = Cohort.instructors.through
        fields = ["cohort"]
        labels = {"cohort": _("class")}


# The inline names each row by its object; Django's auto-created through model
# would say "Cohort_instructors object (1)" in every language.
Cohort.instructors.through.__str__ = lambda row: str(row.cohort)


class TaughtCohortInline(admin.TabularInline):
    model = Cohort.instructors.through
    form = TaughtCohortForm
    extra = 0
    autocomplete_fields = ("cohort",)
    verbose_name = _("class taught")
    verbose_name_plural = _("classes taught")


user_inline_add(TaughtCohortInline)
