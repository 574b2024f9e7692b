"""The class overview, a page of the progress matrix and a quiz report, read
from the cache when nothing they show has changed since they were computed.

Each entry's key holds the versions of what it was computed from
(`lessons.figures`: bumped by every write that changes a figure), the
interface language, the request's parameters, and the hour: figures that
move with the clock alone (active this week, inactive for n days, the daily
review's predicted recall) are at most an hour old; everything else is exact.
A hit costs no query; a miss costs the page's own queries, as uncached."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.translation import get_language

from dashboard.selectors.matrix import progress_matrix
from dashboard.selectors.overview import class_overview
from dashboard.selectors.quiz_report import quiz_report
from lessons import figures
from lessons.models import Cohort
from quizzes.models import Quiz

TIMEOUT = 3600


def _key(page: str, names: tuple[str, ...], params: tuple) -> str:
    stamp = timezone.now().strftime("%Y-%m-%dT%H")
    raw = repr((page, figures.versions(*names), get_language(), stamp, params))
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def _class(cohort: Cohort) -> tuple[str, ...]:
    return (f"course:{cohort.course_id}", f"roster:{cohort.course_id}", "content")


def _cached(key: str, build):
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found


def class_overview_cached(cohort: Cohort, *, language: str = "") -> dict:
    """`class_overview`, computed once per change."""
    return _cached(_key("overview", _class(cohort), (cohort.pk, language)),
                   lambda: class_overview(cohort, language=language))


def progress_matrix_page(cohort: Cohort, *, sort: str, descending: bool, status: str, language: str,
                         page: str | None, per_page: int) -> tuple[dict, Page]:
    """One page of `progress_matrix` and its figures; only that page's rows are kept in the cache."""
    def build():
        return progress_matrix(cohort, sort=sort, descending=descending, status=status, language=language,
                               page=page, per_page=per_page)

    found = _cached(_key("matrix", _class(cohort), (cohort.pk, sort, descending, status, language, page, per_page)),
                    build)
    paginator = Paginator(range(found["matched"]), per_page)
    return found, Page(found["rows"], found["number"], paginator)


def quiz_report_cached(cohort: Cohort, quiz: Quiz, *, language: str = "") -> dict:
    """`quiz_report`, computed once per change to the quiz's attempts, the class or the content."""
    names = (f"quiz:{quiz.pk}", f"roster:{cohort.course_id}", "content")
    return _cached(_key("quiz-report", names, (cohort.pk, quiz.pk, language)),
                   lambda: quiz_report(cohort, quiz, language=language))
