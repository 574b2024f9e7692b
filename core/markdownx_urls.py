"""django-markdownx's preview and upload endpoints, for instructors only.

markdownx itself lets anyone (even anonymous users) call them; the upload
also needs our checks: PNG and JPEG only, a size limit, re-encoded by Pillow."""

from django.urls import path

from core import markdownx_views

urlpatterns = [
    path("markdownify/", markdownx_views.markdownify, name="markdownx_markdownify"),
    path("upload/", markdownx_views.upload, name="markdownx_upload"),
]
