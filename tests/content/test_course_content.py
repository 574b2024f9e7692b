"""The real course in content/: coverage of the thesis, counts, links, and
dates and causes keys that agree with the timeline and causes data."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from lessons.content import read_course
from lessons.models import Cause, CauseKind, KeyTerm, Lesson, TimelineEvent
from quizzes.content import read_questions
from quizzes.models import Question, Quiz
from quizzes.types import get_type
from quizzes.selectors import quiz_pool

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
OUTLINE = ROOT.parent / "shared" / "source" / "OUTLINE.md"
SECTION_ROW = re.compile(r"^\| ((?:第.節|[壹貳參肆]、|五、)[^|]*) \| [^|]* \| (\d+)–(\d+) \|", re.M)


@pytest.fixture(scope="module")
def content():
    course = read_course(CONTENT)
    drafts, quizzes = read_questions(CONTENT, course)
    return course, drafts, quizzes


def ranges(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+)\s*[-–]\s*(\d+)", text)]


@pytest.mark.skipif(not OUTLINE.exists(), reason="shared/source/OUTLINE.md is not beside the checkout")
def test_every_section_of_the_outline_has_a_lesson(content):
    """Each section (第…節) and subsection (壹、…) of OUTLINE.md overlaps the thesis lines of at least one lesson."""
    course, _, _ = content
    covered = [r for lesson in course.lessons.values() for r in ranges(lesson.meta.get("source_lines", ""))]
    sections = SECTION_ROW.findall(OUTLINE.read_text(encoding="utf-8"))
    assert len(sections) >= 30
    for name, start, end in sections:
        assert any(a <= int(end) and int(start) <= b for a, b in covered), f"no lesson covers {name} ({start}–{end})"


def test_lessons_are_complete(content):
    """Every lesson has objectives, a summary, reflection prompts and sources, and a sensible length."""
    course, _, _ = content
    assert len(course.lessons) >= 25
    for slug, lesson in course.lessons.items():
        assert 2 <= len(lesson.meta["objectives"]) <= 5, slug
        assert {"summary", "reflect", "sources"} <= lesson.anchors, slug
        words = len(re.findall(r"\w+", lesson.body))
        assert 450 <= words <= 2200, (slug, words)


def test_counts(content):
    """At least 30 glossary entries, 60 events 1918–Aug 2008, every kind of cause, 40 questions per bank."""
    course, drafts, quizzes = content
    assert len(course.terms) >= 30
    assert all(term.data.get("chinese") or "English" in term.data["definition"] for term in course.terms)
    dated = [e for e in course.events if "1918" <= str(e.data["date"]) <= "2008-08-26"]
    assert len(dated) >= 60
    assert max(str(e.data["date"]) for e in course.events) == "2008-08-26"
    kinds = Counter(c.data["kind"] for c in course.causes)
    assert set(kinds) == set(CauseKind.values) and kinds["distant"] >= 3 and kinds["proximate"] >= 3
    banks = Counter(d.fields["topic"] for d in drafts)
    assert banks["theory"] >= 40 and banks["dates"] >= 40 and banks["causes"] >= 40
    assert len(course.tables) == 5
    slugs = {q.data["slug"] for q in quizzes}
    assert {"theory", "dates", "causes", "final-exam"} <= slugs
    assert {f"chapter-{n}-check" for n in range(1, 6)} <= slugs


def test_every_link_points_at_a_lesson_heading(content):
    """Questions, events, terms and causes name an existing lesson, and their anchors exist in it."""
    course, drafts, _ = content
    entries = course.terms + course.events + course.causes + [d.entry for d in drafts]
    for entry in entries:
        lesson = course.lessons[entry.data["lesson"]]
        if entry.data.get("anchor"):
            assert entry.data["anchor"] in lesson.anchors, (entry.path, entry.line)
    assert all(d.entry.data.get("anchor") for d in drafts)


def test_explanations_teach(content):
    """Every question explains itself in more than a word or two."""
    _, drafts, _ = content
    for draft in drafts:
        assert len(draft.fields["explanation"].split()) >= 8, draft.entry.data["slug"]


@pytest.fixture
def loaded(db):
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))


def test_load_twice_changes_nothing(db, capsys):
    """Loading the real course twice leaves every count unchanged."""
    call_command("load_course", str(CONTENT))
    first = {m.__name__: m.objects.count() for m in (Lesson, KeyTerm, TimelineEvent, Cause, Question, Quiz)}
    capsys.readouterr()
    call_command("load_course", str(CONTENT))
    assert "nothing changed" in capsys.readouterr().out
    assert first == {m.__name__: m.objects.count() for m in (Lesson, KeyTerm, TimelineEvent, Cause, Question, Quiz)}


def _at_precision(a: TimelineEvent, b: TimelineEvent):
    precision = "year" if "year" in (a.precision, b.precision) else "month" if "month" in (a.precision, b.precision) else "day"
    cut = {"year": 1, "month": 2, "day": 3}[precision]
    return a.date.timetuple()[:cut], b.date.timetuple()[:cut]


def test_dates_answers_agree_with_the_timeline(loaded):
    """Ordering keys follow the events' dates; date keys equal the event's date and precision;
    'which came first/last' keys are the earliest or latest option."""
    questions = Question.objects.filter(topic="dates").prefetch_related(
        "ordering_items__event", "options__event").select_related("date_key__event")
    checked = 0
    for question in questions:
        if question.type == "ordering":
            events = [item.event for item in question.ordering_items.order_by("position")]
            assert all(events), question.slug
            for first, second in zip(events, events[1:], strict=False):
                earlier, later = _at_precision(first, second)
                assert earlier < later, question.slug
        elif question.type == "date":
            key = question.date_key
            assert (key.date, key.precision) == (key.event.date, key.event.precision), question.slug
        elif question.type == "single" and all(o.event for o in question.options.all()):
            options = list(question.options.all())
            correct = [o for o in options if o.is_correct]
            assert len(correct) == 1, question.slug
            dates = sorted(o.event.date for o in options)
            # "Which came first?" or "... last?": the key is the earliest or the latest, as the stem asks.
            asks_first, asks_last = (re.search(rf"\b{word}\b", question.stem.lower()) is not None
                                     for word in ("first", "last"))
            assert asks_first != asks_last, question.slug
            assert correct[0].event.date == (dates[0] if asks_first else dates[-1]), question.slug
        else:
            continue
        checked += 1
    assert checked >= 40


def test_causes_answers_agree_with_the_causes_data(loaded):
    """Matching categories are the causes' kinds; cause options are right exactly when of the asked kind."""
    labels = {value: str(label) for value, label in CauseKind.choices}
    checked = 0
    for question in Question.objects.filter(topic="causes").prefetch_related("match_pairs__cause", "options__cause"):
        for pair in question.match_pairs.all():
            if pair.cause:
                assert pair.category.lower() == labels[pair.cause.kind].lower(), question.slug
                checked += 1
        options = [o for o in question.options.all() if o.cause]
        if options:
            right_kinds = {o.cause.kind for o in options if o.is_correct}
            assert len(right_kinds) <= 1, question.slug
            for option in options:
                assert option.is_correct == (option.cause.kind in right_kinds), question.slug
            checked += 1
    assert checked >= 20


def test_every_key_earns_full_marks(loaded):
    """Each question's own key, given as an answer, grades 1.0: no question is ungradeable (an essay, which a
    person grades, is graded 0 until then)."""
    from tests.factories import key_as_answer

    for question in Question.objects.select_related("lesson__chapter__course", "date_key").prefetch_related(
            "options", "ordering_items", "match_pairs", "accepted_answers"):
        qtype = get_type(question.type)
        snapshot = qtype.snapshot(question)
        assert qtype.grade(snapshot, key_as_answer(snapshot)) == (0.0 if qtype.manual else 1.0), question.slug


def test_drawn_quizzes_have_enough_questions(loaded):
    """Each drawn quiz's bank holds at least as many questions as it draws."""
    for quiz in Quiz.objects.filter(draw_count__gt=0):
        assert quiz_pool(quiz).count() >= quiz.draw_count, quiz.slug
