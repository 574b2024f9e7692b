"""Quizzes' part of the course loader (lessons.course_loader): the question bank, rubrics and quizzes of
content/, read after the lessons they link to. Registered by QuizzesConfig.ready()."""

from collections import Counter
from pathlib import Path

from lessons.course_loader import LoaderPart
from quizzes.content import read_questions, write_questions


def _read(root: Path, loaded: dict) -> None:
    loaded["drafts"], loaded["quizzes"] = read_questions(root, loaded["course_content"])


def _write(loaded: dict, report: Counter) -> None:
    content = loaded["course_content"]
    write_questions(loaded["course"], loaded["lessons"], loaded["drafts"], loaded["quizzes"], report,
                    zh=content.zh, rubrics=content.rubric_entries)


def _checked(loaded: dict, report: Counter) -> None:
    report[("questions", "checked")] = len(loaded["drafts"])


QUIZZES_PART = LoaderPart("quizzes", read=_read, write=_write, checked=_checked)
