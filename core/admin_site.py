"""Casebook's admin site: Django's, for administrators only.

Instructors work in /teach/ and /dashboard/, which check their classes and
courses; the admin shows every attempt, response and user. So ticking "staff"
on an instructor (or giving them model permissions) must not let them in."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import roles


class AdminLoginForm(AdminAuthenticationForm):
    """Django's admin login, which refuses non-staff users, also refuses anyone who is not an administrator."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not roles.is_administrator(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login",
                                  params={"username": self.username_field.verbose_name})


class CasebookAdminSite(admin.AdminSite):
    site_header = _("Casebook administration")
    site_title = _("Casebook admin")
    index_title = _("Manage the platform")
    login_form = AdminLoginForm
    # The app list beside every page took a quarter of a 1,366 px screen and cut the lists' columns off; the
    # index page and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def has_permission(self, request):
        # Staff (Django's rule) and the administrator role: "staff" alone opens nothing.
        return super().has_permission(request) and roles.is_administrator(request.user)
