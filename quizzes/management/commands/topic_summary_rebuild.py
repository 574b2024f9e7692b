"""Recompute the dashboards' per-topic summary from the answers (after a restore or a repair)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from quizzes.summary import topic_summary_rebuild


class Command(BaseCommand):
    help = "Recompute every attempt's per-topic summary (quizzes.AttemptTopicScore) from its answers."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = topic_summary_rebuild()
        self.stdout.write(f"Summarised {count} attempts.")
