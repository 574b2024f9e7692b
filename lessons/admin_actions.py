"""The course admin's reload action: the course loader (lessons.course_loader) on content/."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import roles
from lessons.content_files import ContentErrors
from lessons.course_loader import course_load


# ---- reloading the course from content/ ---------------------------------------

def content_root() -> Path:
    return Path(settings.BASE_DIR) / "content"


def reload_course_view(modeladmin, request):
    """Confirm, then run the course loader on content/ and show its report
    (rows per model and outcome) or its errors (file:line: message)."""
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
            report = course_load(root)
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
