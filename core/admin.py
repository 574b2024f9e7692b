"""The admin: helpers every app's admin module uses (links between related objects, publish actions,
inlines whose rows can be reordered, the Markdown widget), then the User admin with its role and the
bulk account import. Apps above add their inlines to the User admin with `user_inline_add`."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from core import roles, services, user_import

# Every Markdown field edits with markdownx's widget; its preview goes through
# core.markdownx_views, i.e. the same sanitising renderer as the pages.
MARKDOWN_WIDGETS = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def link_to(obj, text=None) -> str:
    """An HTML link to an object's admin page ('—' for no object)."""
    if obj is None:
        return "—"
    return format_html('<a href="{}">{}</a>', change_url(obj), text if text is not None else str(obj))


def changelist_link(model, text, **filters) -> str:
    """An HTML link to a model's admin list, filtered (e.g. quiz__id__exact=3)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if filters:
        url += "?" + urlencode(filters)
    return format_html('<a href="{}">{}</a>', url, text)


def see_also(links) -> str:
    """Links (already HTML) joined for a "see also" line."""
    return format_html_join(" · ", "{}", ((link,) for link in links))


def site_link(url: str | None, text=None) -> str:
    if not url:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, text or _("view on site"))


# ---- publish / unpublish ------------------------------------------------------

def _set_published(modeladmin, request, queryset, value: bool) -> None:
    changed = list(queryset.exclude(published=value))
    for obj in changed:
        # A save, not one update(): the models' post_save receivers (the dashboards' cache) must hear it.
        obj.published = value
        obj.save(update_fields=["published"])
        modeladmin.log_change(request, obj, [{"changed": {"fields": ["published"]}}])
    name = queryset.model._meta
    if value:
        text = ngettext("Published %(count)d %(name)s.", "Published %(count)d %(names)s.", len(changed))
    else:
        text = ngettext("Unpublished %(count)d %(name)s.", "Unpublished %(count)d %(names)s.", len(changed))
    modeladmin.message_user(request, text % {"count": len(changed), "name": name.verbose_name,
                                             "names": name.verbose_name_plural}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Publish the selected %(verbose_name_plural)s"),
              permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, True)


@admin.action(description=gettext_lazy("Unpublish the selected %(verbose_name_plural)s"),
              permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, False)


# ---- reorderable inlines ------------------------------------------------------

class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows with a `position` (or `number`) that is unique per parent,
    so that rows can swap places.

    Each form alone would find its new position taken by a row that is about
    to move, so the per-form database check skips that constraint (the
    formset still refuses two rows on one position). Saving row by row would
    then collide in the database (1↔2: the first save meets the row not yet
    moved), so the rows that move or go are first parked on positions nobody
    uses."""

    position_field = "position"
    PARK_OFFSET = 10_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.position_field

        class Form(self.form):
            def validate_constraints(form):
                exclude = form._get_validation_exclusions() | {field}
                try:
                    form.instance.validate_constraints(exclude=exclude)
                except ValidationError as error:
                    form._update_errors(error)

        # The same fields and options as the form it extends (the metaclass
        # would have built fresh ones), including the parent key that
        # BaseInlineFormSet.__init__ added to its Meta fields.
        Form.__name__ = self.form.__name__
        Form._meta = self.form._meta
        Form.base_fields = self.form.base_fields
        self.form = Form

    def save_existing_objects(self, commit=True):
        if commit:
            field = self.position_field
            moving = [form.instance.pk for form in self.initial_forms
                      if form.instance.pk and (field in form.changed_data or self._should_delete_form(form))]
            rows = self.model.objects.filter(pk__in=moving)
            # Parked positions are distinct because the old ones were.
            for pk, position in rows.values_list("pk", field):
                self.model.objects.filter(pk=pk).update(**{field: position + self.PARK_OFFSET})
        return super().save_existing_objects(commit)


class NumberedInlineFormSet(PositionedInlineFormSet):
    position_field = "number"


# ---- users and their role -----------------------------------------------------

def _role(user) -> str:
    """role_of() from the prefetched groups: one query for the whole list."""
    names = {group.name for group in user.groups.all()}
    if user.is_superuser or roles.ADMINISTRATORS in names:
        return "administrator"
    if roles.INSTRUCTORS in names:
        return "instructor"
    return "student"


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(roles.LABELS.items())

    def queryset(self, request, queryset):
        administrators = User.objects.filter(Q(is_superuser=True) | Q(groups__name=roles.ADMINISTRATORS)).values("pk")
        instructors = User.objects.filter(groups__name=roles.INSTRUCTORS).values("pk")
        if self.value() == "administrator":
            return queryset.filter(pk__in=administrators)
        if self.value() == "instructor":
            return queryset.filter(pk__in=instructors).exclude(pk__in=administrators)
        if self.value() == "student":
            return queryset.exclude(pk__in=administrators).exclude(pk__in=instructors)
        return queryset


def _give_instructor_role(users) -> list:
    """Add users to the Instructors group; returns those who were not in it."""
    group = Group.objects.get_or_create(name=roles.INSTRUCTORS)[0]
    new = [user for user in users if not roles.is_instructor(user)]
    group.user_set.add(*new)
    return new


class UserImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), required=False, help_text=_(
        "UTF-8 text, the first line naming the columns: <code>username</code>, <code>name</code> (or "
        "<code>first name</code> and <code>last name</code>), <code>email</code>, <code>role</code> "
        "(<code>student</code>, <code>instructor</code> or <code>administrator</code>; empty means student) and "
        "<code>class</code> (its name or join code)."))
    text = forms.CharField(label=_("or paste the rows"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "spellcheck": "false"}))
    send_links = forms.BooleanField(label=_("E-mail each new account a link to set its password"), required=False,
                                    initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > user_import.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it into several files."))
        raw = upload.read() if upload is not None else (data.get("text") or "").encode()
        if not raw.strip():
            raise forms.ValidationError(_("Choose a CSV file or paste its rows."))
        try:
            data["rows"] = user_import.user_import_rows(raw)
        except user_import.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        # The preview page sends the rows back as text, so the confirmation checks exactly what was shown.
        data["text"] = raw.decode("utf-8-sig")
        return data


admin.site.unregister(User)


@admin.register(User)
class CasebookUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "is_staff", "is_active", "last_login",
                    "date_joined")
    list_filter = (RoleFilter, "is_staff", "is_superuser", "is_active", "groups")
    date_hierarchy = "date_joined"
    ordering = ("username",)
    inlines: list = []  # from the apps above: user_inline_add
    actions = ["give_instructor_role", "send_password_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="auth_user_import"),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}),
                                                 "can_import": self.has_add_permission(request)})

    def import_view(self, request):
        """Upload a CSV, see every row with its errors, then create the rows that passed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UserImportForm(request.POST or None, request.FILES or None)
        rows = None
        if request.method == "POST" and form.is_valid():
            rows = form.cleaned_data["rows"]
            if request.POST.get("confirm") and any(row.ok for row in rows):
                created = services.users_import(rows=rows, request=request,
                                                send_links=form.cleaned_data["send_links"])
                for user in created:
                    self.log_addition(request, user, [{"added": {}}])
                skipped = sum(not row.ok for row in rows)
                self.message_user(request, ngettext(
                    "%(count)d account created.", "%(count)d accounts created.", len(created)) % {
                    "count": len(created)} + (" " + ngettext(
                        "%(count)d row with errors was skipped.", "%(count)d rows with errors were skipped.",
                        skipped) % {"count": skipped} if skipped else ""), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:auth_user_changelist"))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form, "rows": rows,
                   "title": _("Import accounts"), "example": user_import.EXAMPLE,
                   "ok_count": sum(row.ok for row in rows or []), "max_rows": user_import.MAX_ROWS}
        return TemplateResponse(request, "admin/auth/user/import.html", context)

    @admin.action(description=_("E-mail the selected users a link to set their password"), permissions=["change"])
    def send_password_links(self, request, queryset):
        sent = services.users_password_links_send(users=queryset, request=request)
        self.message_user(request, ngettext(
            "%(count)d link sent.", "%(count)d links sent.", sent) % {"count": sent} + (
            " " + _("Users without an e-mail address were left out.") if sent < queryset.count() else ""),
            messages.SUCCESS)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The class page's instructor picker offers instructors only.
        if request.GET.get("model_name") == "cohort" and request.GET.get("field_name") == "instructors":
            queryset = queryset.filter(Q(is_superuser=True) | Q(groups__name__in=[roles.INSTRUCTORS, roles.ADMINISTRATORS]))
            may_have_duplicates = True
        return queryset, may_have_duplicates

    @admin.display(description=_("role"))
    def role(self, obj):
        return roles.LABELS[_role(obj)]

    @admin.display(description=_("name"), ordering="last_name")
    def get_full_name(self, obj):
        return obj.get_full_name()

    @admin.action(description=_("Give the selected users the instructor role"), permissions=["change"])
    def give_instructor_role(self, request, queryset):
        new = _give_instructor_role(queryset)
        for user in new:
            self.log_change(request, user, [{"changed": {"fields": ["groups"]}}])
        self.message_user(request, ngettext(
            "%(count)d user now has the instructor role.", "%(count)d users now have the instructor role.", len(new),
        ) % {"count": len(new)}, messages.SUCCESS)


def user_inline_add(inline) -> None:
    """Show an app's inline (e.g. the classes an instructor teaches) on each user's admin page."""
    if inline not in CasebookUserAdmin.inlines:
        CasebookUserAdmin.inlines.append(inline)
