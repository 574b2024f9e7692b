"""Casebook's URLs: each app under its own namespace."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from core.views import language_set

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("core.account_urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("i18n/catalog.js", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("markdownx/", include("core.markdownx_urls")),
    path("quizzes/", include("quizzes.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("review/", include("review.urls")),
    path("teach/", include("quizzes.authoring_urls")),
    path("lti/", include("lti.urls")),
    path("", include("lessons.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"
