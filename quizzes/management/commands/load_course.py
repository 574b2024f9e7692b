"""manage.py load_course content/ — validate the course files, then load them."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lessons.content import read_course, write_course
from lessons.content_files import ContentErrors
from quizzes.content import read_questions, write_questions


def load_course(root: Path, *, dry_run: bool = False) -> Counter:
    """Validate everything under root, then (unless dry_run) write it in one
    transaction. Raises ContentErrors naming each file and line at fault."""
    course_content = read_course(root)
    drafts, quizzes = read_questions(root, course_content)
    report: Counter = Counter()
    if dry_run:
        report[("lessons", "checked")] = len(course_content.lessons)
        report[("questions", "checked")] = len(drafts)
        return report
    with transaction.atomic():
        course, lessons = write_course(course_content, report)
        write_questions(course, lessons, drafts, quizzes, report, zh=course_content.zh,
                        rubrics=course_content.rubric_entries)
    return report


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
            report = load_course(path, dry_run=check)
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
