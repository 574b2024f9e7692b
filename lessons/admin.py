"""Admin for the course content and the people in it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from lessons.models import (
    Cause, Chapter, Cohort, Course, DataTable, Enrolment, KeyTerm, Lesson, LessonProgress, TimelineEvent,
)


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ("number", "slug", "title")
    show_change_link = True


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ("position", "slug", "title", "estimated_minutes", "published")
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "published", "created_at")
    list_filter = ("published",)
    search_fields = ("title", "slug")
    inlines = [ChapterInline]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "course", "number", "slug")
    list_filter = ("course",)
    search_fields = ("title", "slug")
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(MarkdownxModelAdmin):
    list_display = ("title", "chapter", "position", "estimated_minutes", "published", "updated_at")
    list_filter = ("published", "chapter__course", "chapter")
    search_fields = ("title", "slug", "body")
    list_select_related = ("chapter",)
    ordering = ("chapter__course", "chapter__number", "position")


@admin.register(KeyTerm)
class KeyTermAdmin(admin.ModelAdmin):
    list_display = ("term", "chinese", "lesson", "source_line")
    list_filter = ("course",)
    search_fields = ("term", "chinese", "definition", "slug")
    autocomplete_fields = ("lesson",)


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ("date_display", "title", "precision", "lesson", "source_line")
    list_filter = ("precision", "course")
    search_fields = ("title", "description", "slug")
    date_hierarchy = "date"
    autocomplete_fields = ("lesson",)

    @admin.display(description=_("date"), ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "lesson", "source_lines")
    list_filter = ("kind", "course")
    search_fields = ("title", "text", "slug")
    autocomplete_fields = ("lesson",)


@admin.register(DataTable)
class DataTableAdmin(admin.ModelAdmin):
    list_display = ("number", "caption", "lesson")
    search_fields = ("caption", "slug")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "course", "join_code", "join_code_expires_at", "created_at")
    list_filter = ("course",)
    search_fields = ("name", "join_code")
    filter_horizontal = ("instructors",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "cohort", "enrolled_at")
    list_filter = ("course", "cohort")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    date_hierarchy = "enrolled_at"
    autocomplete_fields = ("user", "last_lesson")


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ("user", "lesson", "first_opened_at", "last_opened_at", "completed_at", "seconds_spent")
    list_filter = ("lesson__chapter",)
    search_fields = ("user__username", "lesson__title")
    date_hierarchy = "last_opened_at"
    autocomplete_fields = ("user", "lesson")
