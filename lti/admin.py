"""LMS registrations (django-lti's, with Casebook's frame origins inline) and
the grade outbox, for administrators."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from lti_tool.admin import LtiRegistrationAdmin
from lti_tool.models import LtiRegistration

from lti import services
from lti.models import ContextClass, FrameOrigin, GradePost, QuizLineItem


class FrameOriginInline(admin.TabularInline):
    model = FrameOrigin
    extra = 1


admin.site.unregister(LtiRegistration)


@admin.register(LtiRegistration)
class RegistrationAdmin(LtiRegistrationAdmin):
    inlines = [*LtiRegistrationAdmin.inlines, FrameOriginInline]


@admin.register(ContextClass)
class ContextClassAdmin(admin.ModelAdmin):
    list_display = ["context", "cohort", "roster_synced_at"]
    search_fields = ["context__title", "cohort__name"]
    readonly_fields = ["roster_synced_at"]


@admin.register(QuizLineItem)
class QuizLineItemAdmin(admin.ModelAdmin):
    list_display = ["quiz", "context", "url"]
    search_fields = ["quiz__title", "context__title"]


@admin.action(description=_("Send the selected pending grades now"))
def send_now(modeladmin, request, queryset):
    sent, failed = services.grades_send_pending(posts=queryset)
    modeladmin.message_user(request, _("%(sent)s sent, %(failed)s failed.") % {"sent": sent, "failed": failed},
                            messages.SUCCESS if not failed else messages.WARNING)


@admin.register(GradePost)
class GradePostAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by grading, emptied by sending."""

    list_display = ["user", "line_item", "percent", "status", "tries", "created_at", "tried_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["user__username", "line_item__quiz__title"]
    actions = [send_now]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "line_item__quiz", "line_item__context")
