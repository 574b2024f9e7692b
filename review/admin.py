from django.contrib import admin

from review.models import Card, ReviewLog, ReviewSettings, StudentCard


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    """Cards are made from the timeline and the glossary (`cards_sync`); edit those instead."""
    list_display = ["__str__", "kind", "course"]
    list_filter = ["course", "kind"]
    search_fields = ["event__title", "term__term", "term__chinese"]
    list_select_related = ["event", "term", "course"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StudentCard)
class StudentCardAdmin(admin.ModelAdmin):
    list_display = ["user", "card", "state", "due", "stability", "reps", "lapses"]
    list_filter = ["state", "card__kind"]
    search_fields = ["user__username", "card__event__title", "card__term__term"]
    list_select_related = ["user", "card__event", "card__term"]
    raw_id_fields = ["user", "card"]

    def has_add_permission(self, request):
        return False


@admin.register(ReviewLog)
class ReviewLogAdmin(admin.ModelAdmin):
    """The log is append-only: it can be read and, with a user, deleted; never edited."""
    list_display = ["user", "card", "reviewed_at", "rating", "state_before", "fraction"]
    list_filter = ["rating", "state_before"]
    search_fields = ["user__username", "card__event__title", "card__term__term"]
    list_select_related = ["user", "card__event", "card__term"]
    date_hierarchy = "reviewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "new_per_day", "reviews_per_day"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
