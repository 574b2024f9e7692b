"""Reads for the student's pages: the outline with progress, where to
continue. Each runs a fixed number of queries, whatever the course's size."""

import string
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from lessons.models import (
    Chapter, Course, Enrolment, KeyTerm, Lesson, LessonProgress, TimelineEvent, localize_all,
)

SEARCH_MAX_LENGTH = 100


@dataclass
class LessonState:
    lesson: Lesson
    status: str  # "not_started" | "in_progress" | "completed"
    progress: LessonProgress | None = None


@dataclass
class ChapterState:
    chapter: Chapter
    lessons: list[LessonState] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return sum(1 for state in self.lessons if state.status == "completed")

    @property
    def total(self) -> int:
        return len(self.lessons)


@dataclass
class Outline:
    course: Course
    chapters: list[ChapterState]
    enrolment: Enrolment | None
    next_lesson: Lesson | None

    @property
    def completed(self) -> int:
        return sum(c.completed for c in self.chapters)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.chapters)

    @property
    def started(self) -> bool:
        """Whether the student has opened any lesson (a brand-new student has nowhere to "continue")."""
        return any(state.status != "not_started" for c in self.chapters for state in c.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def course_lessons(course: Course) -> list[Lesson]:
    """Published lessons in reading order, with chapter and course loaded, in
    the edition of the active language."""
    lessons = list(Lesson.objects.published().filter(chapter__course=course).defer("body", "objectives")
                   .select_related("chapter__course").order_by("chapter__number", "position"))
    for lesson in lessons:
        lesson.localize()
        lesson.chapter.localize()
    return lessons


def course_outline(course: Course, user) -> Outline:
    course.localize()
    lessons = course_lessons(course)
    chapters = localize_all(course.chapters.order_by("number"))
    progress: dict[int, LessonProgress] = {}
    enrolment = None
    if user.is_authenticated:
        progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__chapter__course=course)}
        enrolment = Enrolment.objects.filter(user=user, course=course).select_related(
            "last_lesson__chapter__course", "cohort").first()
        if enrolment and enrolment.last_lesson:
            enrolment.last_lesson.localize()
    states = {c.pk: ChapterState(c) for c in chapters}
    for lesson in lessons:
        record = progress.get(lesson.pk)
        status = "not_started" if record is None else ("completed" if record.completed_at else "in_progress")
        states[lesson.chapter_id].lessons.append(LessonState(lesson, status, record))
    return Outline(course, list(states.values()), enrolment, _next_lesson(lessons, progress, enrolment))


def _next_lesson(lessons, progress, enrolment) -> Lesson | None:
    """Where to continue: the last lesson opened if it is unfinished, else the
    first unfinished lesson after it, else the first unfinished one."""
    if not lessons:
        return None
    last = enrolment.last_lesson if enrolment else None
    unfinished = [lesson for lesson in lessons if not (progress.get(lesson.pk) and progress[lesson.pk].completed_at)]
    if last and last in unfinished:
        return last
    if last and last in lessons:
        after = lessons[lessons.index(last) + 1:]
        for lesson in after:
            if lesson in unfinished:
                return lesson
    return unfinished[0] if unfinished else None


def neighbours(lessons: list[Lesson], lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    index = [item.pk for item in lessons].index(lesson.pk)
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


def _initial(text: str) -> str:
    """A–Z letter a term is filed under (accents dropped); "#" for anything else."""
    letter = unicodedata.normalize("NFKD", text.strip()[:1]).encode("ascii", "ignore").decode().upper()
    return letter if letter in string.ascii_uppercase else "#"


def glossary_index(course: Course, query: str = "") -> dict:
    """The glossary in A–Z groups (of the English term, which both editions show), only the terms matching
    `query` (in the term, its Chinese, or its definition in either edition) when one is given; and the A–Z index."""
    terms = KeyTerm.objects.filter(course=course).select_related("lesson__chapter__course")
    query = query.strip()[:SEARCH_MAX_LENGTH]
    if query:
        terms = terms.filter(Q(term__icontains=query) | Q(chinese__icontains=query) | Q(definition__icontains=query)
                             | Q(zh_hant__definition__icontains=query))
    groups: dict[str, list[KeyTerm]] = {}
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        groups.setdefault(_initial(term.term), []).append(term)
    order = sorted(groups, key=lambda letter: (letter == "#", letter))
    return {"query": query, "count": sum(len(g) for g in groups.values()),
            "groups": [{"letter": letter, "terms": groups[letter]} for letter in order],
            "letters": [{"letter": letter, "present": letter in groups} for letter in string.ascii_uppercase]}


def timeline_years(course: Course, query: str = "") -> dict:
    """The timeline by year, only the events matching `query` (title or description, in either edition) when
    one is given; and the decades to jump to."""
    events = TimelineEvent.objects.filter(course=course).select_related("lesson__chapter__course")
    query = query.strip()[:SEARCH_MAX_LENGTH]
    if query:
        events = events.filter(Q(title__icontains=query) | Q(description__icontains=query)
                               | Q(zh_hant__title__icontains=query) | Q(zh_hant__description__icontains=query))
    years: list[dict] = []
    for event in events:
        if not years or years[-1]["year"] != event.date.year:
            decade = event.date.year // 10 * 10
            years.append({"year": event.date.year, "decade": decade, "events": [],
                          "first_in_decade": not years or years[-1]["decade"] != decade})
        years[-1]["events"].append(event)
    decades = [{"start": y["decade"], "end": y["decade"] + 9} for y in years if y["first_in_decade"]]
    return {"query": query, "count": sum(len(y["events"]) for y in years), "years": years, "decades": decades}
