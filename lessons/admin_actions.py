"""Pieces the admin modules share: links between related objects, publish
actions, inlines whose rows can be reordered, and reloading the course."""

import tomllib
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from lessons import roles

# Every Markdown field edits with markdownx's widget; its preview goes through
# lessons.markdownx_views, i.e. the same sanitising renderer as the pages.
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
    queryset.model.objects.filter(pk__in=[obj.pk for obj in changed]).update(published=value)
    for obj in changed:
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


# ---- reloading the course from content/ ---------------------------------------

def content_root() -> Path:
    return Path(settings.BASE_DIR) / "content"


def reload_course_view(modeladmin, request):
    """Confirm, then run the course loader on content/ and show its report
    (rows per model and outcome) or its errors (file:line: message)."""
    # Imported here: the loader lives in quizzes, which depends on lessons.
    from lessons.content_files import ContentErrors
    from quizzes.management.commands.load_course import load_course

    if not (roles.is_administrator(request.user) and modeladmin.has_change_permission(request)):
        raise PermissionDenied
    root = content_root()
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Reload the course from content/"),
        "root": root,
    }
    if request.method == "POST":
        try:
            report = load_course(root)
        except ContentErrors as problems:
            context["errors"] = [str(error) for error in problems.errors]
            modeladmin.message_user(request, ngettext(
                "The loader found %(count)d problem; nothing was changed.",
                "The loader found %(count)d problems; nothing was changed.",
                len(problems.errors)) % {"count": len(problems.errors)}, messages.ERROR)
        else:
            rows = sorted((str(what), str(outcome), count) for (what, outcome), count in report.items())
            context["report"] = rows
            changed = sum(count for _what, outcome, count in rows
                          if outcome not in ("unchanged", "checked", "kept although no longer in content/"))
            context["changed"] = changed
            slug = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))["slug"]
            course = modeladmin.model.objects.filter(slug=slug).first()
            if course is not None:
                context["course"] = course
                modeladmin.log_change(request, course, _("Reloaded from content/: %(count)d change(s).")
                                      % {"count": changed})
    return TemplateResponse(request, "admin/lessons/course/reload.html", context)
