"""Recompute the summaries the dashboards read from the attempts and lesson records (after a restore or a repair)."""

from django.core.management.base import BaseCommand

from quizzes.summary import summaries_rebuild


class Command(BaseCommand):
    help = ("Recompute the dashboards' summaries: every attempt's scores by topic, every student's quiz grades "
            "and the days of activity.")

    def handle(self, *args, **options):
        done = summaries_rebuild()
        self.stdout.write(f"Summarised {done['attempts']} attempts, {done['grades']} students' quiz grades and "
                          f"{done['days']} days of activity.")
