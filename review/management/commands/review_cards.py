"""Make the daily review's cards from every course's timeline and glossary.

The review page does this too on each visit; running it after `load_course`
makes the home page's "cards due" right before anyone has opened the review."""

from django.core.management.base import BaseCommand

from lessons.models import Course
from review.services import cards_sync


class Command(BaseCommand):
    help = "Create the review cards the courses' timeline events and key terms give (idempotent)."

    def handle(self, *args, **options):
        for course in Course.objects.all():
            made = cards_sync(course=course)
            self.stdout.write(f"{course.slug}: {made} card(s) made")
