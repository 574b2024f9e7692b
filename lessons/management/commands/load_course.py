"""manage.py load_course content/ — validate the course files, then load them (lessons.course_loader:
every app's part)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lessons.content_files import ContentErrors
from lessons.course_loader import course_load


class Command(BaseCommand):
    help = "Validate the course in a content/ folder and load it (idempotent; keeps student data)."

    def add_arguments(self, parser):
        parser.add_argument("root", nargs="?", default="content", help="the content folder (default: content)")
        parser.add_argument("--check", "--dry-run", action="store_true", dest="check",
                            help="validate only; write nothing")

    def handle(self, *args, root, check, **options):
        path = Path(root)
        if not (path / "course.toml").exists():
            raise CommandError(f"{path}: no course.toml here; give the content folder, e.g. content/")
        try:
            report = course_load(path, dry_run=check)
        except ContentErrors as problems:
            for error in problems.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(problems.errors)} problem(s) found; nothing was loaded.") from None
        changed = 0
        for (what, outcome), count in sorted(report.items()):
            self.stdout.write(f"{what}: {count} {outcome}")
            if outcome not in ("unchanged", "checked", "kept although no longer in content/"):
                changed += count
        verdict = "content is valid" if check else ("nothing changed" if not changed else f"{changed} change(s)")
        self.stdout.write(self.style.SUCCESS(f"load_course: {verdict}"))
