"""Versions of the figures the instructor dashboards show, so that they can be
cached with exact invalidation: every write that changes a figure bumps the
version of what it changed, and a cached figure is keyed by the versions it
was computed from, so the next read after a change computes afresh.

- `course:<id>`: a course's activity — lesson progress, attempts started,
  submitted, regraded, reset or graded, daily-review cards (overview, matrix);
- `roster:<id>`: who is in the course's classes (every dashboard page);
- `quiz:<id>`: one quiz's attempts (its report);
- `content`: course content and people's names (every page; rare).

A version that is missing from the cache (never set, or evicted) starts at the
current time in nanoseconds, never at a number an evicted version had."""

import time

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 7 * 24 * 3600
PREFIX = "figures:"


def _bump(names: list[str]) -> None:
    """Bump now, and again once the transaction commits: a page read between
    the two may have cached what it saw before the commit, under the first
    bump's version; the second makes that entry unreachable."""
    _incr(names)
    transaction.on_commit(lambda: _incr(names))


def _incr(names: list[str]) -> None:
    for name in names:
        key = PREFIX + name
        try:
            cache.incr(key)
        except ValueError:  # missing: start afresh
            cache.set(key, time.time_ns(), TIMEOUT)


def course_activity_changed(course_id: int, *, quiz_id: int | None = None) -> None:
    """A student did something in the course (read a lesson, started or finished an attempt, reviewed a card)."""
    _bump([f"course:{course_id}"] + ([f"quiz:{quiz_id}"] if quiz_id else []))


def course_roster_changed(course_id: int) -> None:
    """Someone joined or left a class of the course."""
    _bump([f"course:{course_id}", f"roster:{course_id}"])


def content_changed() -> None:
    """Course content or a person's name changed."""
    _bump(["content"])


def versions(*names: str) -> tuple:
    """The current versions of `names` (e.g. "course:3", "quiz:7"), for a cache key."""
    keys = [PREFIX + name for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), TIMEOUT)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys)
