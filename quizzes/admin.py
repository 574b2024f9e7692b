"""Admin for quizzes, questions and their answer keys; attempts are evidence
and stay read-only."""

from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from quizzes.models import (
    Accommodation, AcceptedAnswer, Attempt, DateKey, MatchPair, Option, OrderingItem, Question, Quiz,
    QuizQuestion, Response, Tag,
)


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ("position", "text", "is_correct", "feedback")


class OrderingItemInline(admin.TabularInline):
    model = OrderingItem
    extra = 0
    fields = ("position", "text", "event")
    raw_id_fields = ("event",)


class MatchPairInline(admin.TabularInline):
    model = MatchPair
    extra = 0
    fields = ("position", "item", "category")


class DateKeyInline(admin.StackedInline):
    model = DateKey
    extra = 0
    raw_id_fields = ("event",)


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    extra = 0


@admin.register(Question)
class QuestionAdmin(MarkdownxModelAdmin):
    list_display = ("slug", "type", "kind", "points", "lesson", "updated_at")
    list_filter = ("type", "kind", "course", "tags")
    search_fields = ("slug", "stem", "explanation")
    autocomplete_fields = ("lesson",)
    filter_horizontal = ("tags",)
    inlines = [OptionInline, OrderingItemInline, MatchPairInline, DateKeyInline, AcceptedAnswerInline]


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    autocomplete_fields = ("question",)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "kind", "chapter", "draw_count", "published", "opens_at", "closes_at")
    list_filter = ("published", "kind", "course")
    search_fields = ("title", "slug")
    inlines = [QuizQuestionInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("slug",)


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ("position", "question", "answer", "fraction", "score", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "quiz", "number", "is_preview", "started_at", "submitted_at", "score", "max_score")
    list_filter = ("quiz", "is_preview")
    search_fields = ("user__username", "quiz__title")
    date_hierarchy = "started_at"
    inlines = [ResponseInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    list_display = ("user", "quiz", "extra_minutes", "extra_attempts", "granted_by", "granted_at")
    list_filter = ("quiz",)
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)
