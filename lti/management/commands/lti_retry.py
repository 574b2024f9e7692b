"""Send the LMS grades that are still pending (run it from cron, e.g. every 10 minutes)."""

from django.core.management.base import BaseCommand

from lti.services import grades_send_pending


class Command(BaseCommand):
    help = "Send pending LTI grade posts to the LMS gradebooks; failures stay pending for the next run."

    def handle(self, *args, **options):
        sent, failed = grades_send_pending()
        self.stdout.write(f"{sent} sent, {failed} still pending.")
        if failed:
            self.stderr.write("Some LMS grade posts failed; see Grade posts in the admin for the errors.")
