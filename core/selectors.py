"""Reads about a person."""

from core.models import LanguagePreference


def user_language(user) -> str | None:
    """The interface language the user chose, or None if they never chose one."""
    return LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
