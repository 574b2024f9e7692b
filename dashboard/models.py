"""The dashboards' one table: a precomputed summary that earns its place.

Class-wide averages per topic would otherwise read every response row of the
class — hundreds of thousands of wide rows (each carries its question's
snapshot) for a large class. A submitted attempt's per-topic totals never
change unless it is regraded, so they are kept here, one row an attempt and
topic, and `dashboard.services.topic_summary_refresh` brings them up to date."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.models import Attempt, Topic


class AttemptTopicScore(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+", verbose_name=_("attempt"))
    topic = models.CharField(_("topic"), max_length=10, blank=True,
                             help_text=_("Blank: the attempt has no answers to a question still in the bank."))
    total = models.FloatField(_("sum of fractions correct"), default=0)
    answered = models.PositiveIntegerField(_("answers"), default=0)
    attempt_score = models.FloatField(
        _("attempt score when summarised"), null=True,
        help_text=_("A regrade changes the attempt's score, which marks this summary as stale."))

    class Meta:
        ordering = ["attempt", "topic"]
        verbose_name = _("attempt score by topic")
        verbose_name_plural = _("attempt scores by topic")
        constraints = [models.UniqueConstraint(fields=["attempt", "topic"], name="attempttopicscore_unique")]

    def __str__(self):
        return f"{self.attempt_id} · {self.topic_label}: {self.total}/{self.answered}"

    @property
    def topic_label(self) -> str:
        return Topic(self.topic).label if self.topic in Topic.values else self.topic
