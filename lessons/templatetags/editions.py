"""Marks for a page in one edition that shows a part of the other: a part
with no translation yet is in English and says so to assistive technology."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def lang_of(row, name: str) -> str:
    """` lang="en"` when the localized row shows `name` in English (no translation yet)."""
    return mark_safe(' lang="en"') if name in getattr(row, "fallback", ()) else ""


@register.filter
def untranslated(row, name: str) -> bool:
    return name in getattr(row, "fallback", ())
