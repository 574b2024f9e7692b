"""The course loader: every part of a content/ folder read and checked before anything is written, then
all of it written in one transaction.

Each app adds its part in its AppConfig.ready() with `loader_part_register` (lessons: the course, lessons
and case-study data; quizzes: questions, rubrics and quizzes), in the order of INSTALLED_APPS, which is
the order the parts run in: a part reads what the parts before it put in `loaded`. `manage.py
load_course` and the course admin's "reload" both call `course_load`."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lessons import figures
from lessons.content import read_course, write_course


@dataclass(frozen=True)
class LoaderPart:
    name: str
    # (root, loaded): read and check this part's files into `loaded`; ContentErrors names each file and line.
    read: Callable[[Path, dict], None]
    # (loaded, report): write what was read, counting rows by (what, outcome) in `report`.
    write: Callable[[dict, Counter], None]
    # (loaded, report): what a dry run reports as checked.
    checked: Callable[[dict, Counter], None]


_parts: list[LoaderPart] = []


def loader_part_register(part: LoaderPart) -> None:
    if all(known.name != part.name for known in _parts):
        _parts.append(part)


def loader_parts() -> tuple[LoaderPart, ...]:
    return tuple(_parts)


def course_load(root: Path, *, dry_run: bool = False) -> Counter:
    """Validate everything under root, then (unless dry_run) write it in one
    transaction. Raises ContentErrors naming each file and line at fault."""
    loaded: dict = {}
    for part in _parts:
        part.read(root, loaded)
    report: Counter = Counter()
    if dry_run:
        for part in _parts:
            part.checked(loaded, report)
        return report
    with transaction.atomic():
        for part in _parts:
            part.write(loaded, report)
        # The parts write in bulk (bulk_create, update, rows replaced) and write models the dashboards'
        # signals do not watch: one bump for the whole reload.
        figures.content_changed()
    return report


def _read(root: Path, loaded: dict) -> None:
    loaded["course_content"] = read_course(root)


def _write(loaded: dict, report: Counter) -> None:
    loaded["course"], loaded["lessons"] = write_course(loaded["course_content"], report)


def _checked(loaded: dict, report: Counter) -> None:
    report[("lessons", "checked")] = len(loaded["course_content"].lessons)


LESSONS_PART = LoaderPart("lessons", read=_read, write=_write, checked=_checked)
