from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """People and plumbing every other app stands on: accounts, sign-up, roles, the User admin, the
    account import, the Markdown editor's endpoints, the admin's shared helpers, backup and restore."""

    default = True  # core.apps holds the admin's config too
    name = "core"
    verbose_name = _("Accounts")

    def ready(self):
        # django-tasks-db registers its job table in the admin. Jobs are plumbing, not something an
        # administrator acts on (the pages that queue them say when they are done), and its admin
        # is English only; keep it out of the admin site.
        from django.contrib import admin

        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)


class CasebookAdminConfig(admin_apps.AdminConfig):
    """Django's admin on Casebook's site, which admits administrators only."""

    default = False
    default_site = "core.admin_site.CasebookAdminSite"
