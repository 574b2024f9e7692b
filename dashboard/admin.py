"""The dashboards' precomputed summary, visible to administrators; it is
written by quizzes.summary on the write path, so admin never edits it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import link_to
from quizzes.models import AttemptTopicScore, Topic


class TopicFilter(admin.SimpleListFilter):
    """The topics by their names: the field stores the code and has no choices of its own."""

    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Topic.choices

    def queryset(self, request, queryset):
        return queryset.filter(topic=self.value()) if self.value() else queryset


@admin.register(AttemptTopicScore)
class AttemptTopicScoreAdmin(admin.ModelAdmin):
    list_display = ("__str__", "attempt_link", "topic_label", "total", "answered")
    list_filter = (TopicFilter, "attempt__quiz__course", "attempt__quiz")
    search_fields = ("attempt__user__username", "attempt__quiz__title", "topic")
    list_select_related = ("attempt__user", "attempt__quiz")
    date_hierarchy = "attempt__started_at"
    ordering = ("-attempt__started_at", "topic")
    readonly_fields = ("attempt_link", "topic_label", "total", "answered")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("topic"), ordering="topic")
    def topic_label(self, obj):
        return obj.topic_label

    @admin.display(description=_("attempt"), ordering="attempt__started_at")
    def attempt_link(self, obj):
        return link_to(obj.attempt)
