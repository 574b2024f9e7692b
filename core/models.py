"""What Casebook keeps about a person beyond Django's User."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    """The interface language a signed-in person chose; applied again at every log-in, on any device."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="language_preference", verbose_name=_("user"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        db_table = "lessons_languagepreference"  # made by lessons, kept when the model moved to core
        ordering = ["user"]
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self):
        return f"{self.user} · {self.language}"
