"""Review's part of the course loader (lessons.course_loader): once the timeline and glossary are written,
the cards they give are made, so the review page only reads. Registered by ReviewConfig.ready()."""

from collections import Counter
from pathlib import Path

from lessons.course_loader import LoaderPart
from review.services import cards_sync


def _read(root: Path, loaded: dict) -> None:
    """Cards come from what the lessons part read: review has no files of its own."""


def _write(loaded: dict, report: Counter) -> None:
    report[("review cards", "created")] += cards_sync(course=loaded["course"])


def _checked(loaded: dict, report: Counter) -> None:
    """Review has nothing of its own to check."""


REVIEW_PART = LoaderPart("review", read=_read, write=_write, checked=_checked)
