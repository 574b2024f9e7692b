"""manage.py import_gift FILE --course SLUG [--dry-run] — bulk question import.

Every question that cannot be held is reported by line; the command then
exits with status 1 (after the summary line), so a script notices."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lessons.models import Course
from quizzes import exchange, services


class Command(BaseCommand):
    help = "Import questions from a Moodle GIFT file (or our JSON, by extension) into a course's bank."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--course", required=True, help="the course's slug")
        parser.add_argument("--dry-run", action="store_true", help="print the report; save nothing")

    def handle(self, *args, file, course, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        course_obj = Course.objects.filter(slug=course).first()
        if course_obj is None:
            raise CommandError(f"no course {course!r}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None
        parsed = exchange.questions_preview(text, course=course_obj, fmt="json" if path.suffix == ".json" else "gift")
        for item in parsed:
            self._report(path, item)
        if dry_run:
            good = [p for p in parsed if p.draft is not None]
            self.stdout.write(f"import_gift: {len(good)} question(s) would be created, "
                              f"{len(parsed) - len(good)} with errors (dry run: nothing saved)")
        else:
            checked = [item for item in parsed if item.draft is not None]
            created = services.questions_import(course=course_obj, parsed=parsed)
            for item in checked:
                if item.draft is None:  # refused when saving (the course changed since the check)
                    self._report(path, item)
            self.stdout.write(self.style.SUCCESS(
                f"import_gift: {len(created)} question(s) created, "
                f"{sum(1 for p in parsed if p.draft is None)} skipped with errors"))
        failed = sum(1 for p in parsed if p.draft is None)
        if failed:
            raise CommandError(f"{failed} question(s) could not be imported; see the lines marked ERR above",
                               returncode=1)

    def _report(self, path, item):
        status = "ok " if item.draft is not None else "ERR"
        label = item.draft["type"] if item.draft else ""
        self.stdout.write(f"{path}:{item.line}: {status} {label}")
        for error in item.errors:
            self.stdout.write(f"    error: {error}")
        for warning in item.warnings:
            self.stdout.write(f"    warning: {warning}")
