from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    default = True  # lessons.apps holds the admin's config too
    name = "lessons"
    verbose_name = _("Lessons")


class CasebookAdminConfig(admin_apps.AdminConfig):
    """Django's admin on Casebook's site, which admits administrators only."""

    default = False
    default_site = "lessons.admin_site.CasebookAdminSite"
