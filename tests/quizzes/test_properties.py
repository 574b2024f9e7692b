"""Property-based tests (Hypothesis): every grading function, every question
type's answer parser, and the GIFT and JSON importers give a result in range or a clear
error for any input — never an unexpected exception."""

import json
import random

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import exchange, grading, services
from quizzes.drafts import draft_from_question
from quizzes.gift import parse_gift
from quizzes.models import Question
from quizzes.types import REGISTRY, AnswerError
from tests.factories import make_course

ids = st.integers(min_value=-5, max_value=50)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_range(value):
    return 0.0 <= value <= 1.0


@fast
@given(ids | st.none(), ids)
def test_single(chosen, correct):
    """For any chosen and correct ids, a single choice grades 1 when the right one is chosen and 0 otherwise."""
    assert grading.grade_single(chosen, correct) == (1.0 if chosen == correct else 0.0)


@fast
@given(st.sets(ids), st.sets(ids))
def test_multiple(chosen, correct):
    """For any chosen and correct sets, multiple response grades within 0..1."""
    assert in_range(grading.grade_multiple(chosen, correct))


@fast
@given(st.lists(ids, max_size=8), st.lists(ids, max_size=8, unique=True))
def test_ordering(order, correct):
    """For any order and key, an ordering grades within 0..1."""
    assert in_range(grading.grade_ordering(order, correct))


@fast
@given(st.permutations(list(range(6))))
def test_ordering_is_full_only_for_the_key(order):
    """A permutation earns full marks if and only if it is the key's own order."""
    assert (grading.grade_ordering(order, list(range(6))) == 1.0) == (list(order) == list(range(6)))


@fast
@given(st.tuples(st.integers(), st.integers() | st.none(), st.integers() | st.none()),
       st.tuples(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28)),
       st.sampled_from(["year", "month", "day"]))
def test_date(answer, key, precision):
    """For any answer, key and precision, a date grades 1 when the parts the precision asks for (year; year and
    month; the whole date) all match, and 0 otherwise."""
    parts = {"year": 1, "month": 2, "day": 3}[precision]
    assert grading.grade_date(answer, key, precision) == (1.0 if answer[:parts] == key[:parts] else 0.0)


@fast
@given(st.dictionaries(ids, ids | st.none()), st.dictionaries(ids, ids))
def test_matching(assigned, correct):
    """For any assignment and key, matching grades within 0..1, unplaced items included."""
    assert in_range(grading.grade_matching(assigned, correct))


@fast
@given(st.text(max_size=60), st.lists(st.text(max_size=30), max_size=4))
def test_short(text, accepted):
    """For any typed text and accepted answers (none with a partial credit), a short answer grades 1 when it
    matches one of them and 0 otherwise."""
    assert grading.grade_short(text, accepted) == (0.0 if grading.best_match(text, accepted) is None else 1.0)


SNAPSHOTS = {
    "single": {"type": "single", "points": 1, "options": [{"id": 1, "html": "a"}, {"id": 2, "html": "b"}],
               "key": {"correct": [1], "feedback": {}}},
    "multiple": {"type": "multiple", "points": 1, "options": [{"id": i, "html": str(i)} for i in (1, 2, 3)],
                 "key": {"correct": [1, 3], "feedback": {}}},
    "truefalse": {"type": "truefalse", "points": 1, "key": {"answer": True}},
    "ordering": {"type": "ordering", "points": 1, "items": [{"id": i, "text": str(i)} for i in (11, 22, 33)],
                 "key": {"order": [11, 22, 33]}},
    "date": {"type": "date", "points": 1, "precision": "day", "key": {"date": [2008, 8, 8]}},
    "matching": {"type": "matching", "points": 1, "items": [{"id": 1, "text": "x"}, {"id": 2, "text": "y"}],
                 "categories": ["A", "B"], "key": {"category_of": {"1": 0, "2": 1}}},
    "short": {"type": "short", "points": 1, "key": {"accepted": ["Tskhinvali"]}},
}
field_names = st.sampled_from(["q1", "q1-year", "q1-month", "q1-day", "q1-rank-11", "q1-rank-22", "q1-rank-33",
                               "q1-item-1", "q1-item-2", "q1-move", "q2", "junk"])
field_values = st.text(max_size=12) | st.integers(-3, 40).map(str) | st.sampled_from(["true", "false", "22:up"])


@fast
@given(st.sampled_from(sorted(SNAPSHOTS)), st.lists(st.tuples(field_names, field_values), max_size=8))
def test_any_posted_form_is_an_answer_or_a_clear_error(qtype, fields):
    """Whatever a browser (or an attacker) posts, the parser returns an answer that grades
    in range, or raises AnswerError with a message."""
    data = QueryDict(mutable=True)
    for name, value in fields:
        data.appendlist(name, value)
    qtype, snapshot = REGISTRY[qtype], SNAPSHOTS[qtype]
    shown = qtype.present(snapshot, random.Random(0))
    try:
        answer = qtype.parse(data, "q1", snapshot, shown)
    except AnswerError as error:
        assert str(error)
        return
    assert in_range(qtype.grade(snapshot, answer))
    assert isinstance(qtype.describe(snapshot, answer), str)


gift_alphabet = st.sampled_from(list("abc ~=#{}:\\->%T\n0123456789[]/$") + ["::", "####", "{#", "->", "\n\n"])


@fast
@given(st.lists(gift_alphabet, max_size=80).map("".join))
def test_gift_parser_never_raises(text):
    """Any text gives parsed questions, each with a draft or with errors."""
    for parsed in parse_gift(text):
        assert (parsed.draft is None) == bool(parsed.errors)
        assert parsed.line >= 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
texts = st.text(max_size=24)
plausible = {
    "slug": st.sampled_from(["", "a-slug", "Not A Slug", "x" * 101]),
    "type": st.sampled_from(["single", "multiple", "truefalse", "ordering", "date", "matching", "short", "essay"]),
    "topic": st.sampled_from(["theory", "dates", "causes", "other"]),
    "stem": texts,
    "explanation": texts,
    "points": st.integers(-2, 5) | st.integers(),
    "tags": st.lists(texts, max_size=4),
    "lesson": st.sampled_from(["", "first", "no-such-lesson"]),
    "anchor": st.sampled_from(["", "security-dilemma", "no-such-heading"]),
    "options": st.lists(st.fixed_dictionaries({"text": texts, "correct": st.booleans()},
                                              optional={"feedback": texts}), max_size=5),
    "answer": st.none() | st.booleans(),
    "items": st.lists(texts, max_size=7),
    "pairs": st.lists(st.fixed_dictionaries({"item": texts, "category": st.sampled_from(["A", "B", ""])}),
                      max_size=5),
    "date": st.sampled_from(["2008", "2008-08", "2008-08-07", "2008-02-30", "08/08/2008", ""]),
    "accepted": st.lists(texts, max_size=3),
}
VALID_QUESTIONS = [
    {"type": "single", "stem": "Which?", "options": [{"text": "a", "correct": True}, {"text": "b", "correct": False}]},
    {"type": "multiple", "stem": "Which?", "options": [{"text": "a", "correct": True, "feedback": "yes"},
                                                       {"text": "b", "correct": True}]},
    {"type": "truefalse", "stem": "True?", "answer": False, "lesson": "first", "anchor": "security-dilemma"},
    {"type": "ordering", "stem": "Order", "items": ["1", "2", "3"], "tags": ["t"]},
    {"type": "date", "topic": "dates", "stem": "When?", "date": "2008-08"},
    {"type": "matching", "stem": "Match", "pairs": [{"item": "x", "category": "A"}, {"item": "y", "category": "B"}]},
    {"type": "short", "stem": "Where?", "accepted": ["Tskhinvali"], "points": 3, "slug": "where"},
]


@st.composite
def json_questions(draw):
    """A valid question of some type with up to three fields replaced by a plausible or an arbitrary value."""
    question = dict(draw(st.sampled_from(VALID_QUESTIONS)))
    for name in draw(st.lists(st.sampled_from(sorted(plausible)), max_size=3, unique=True)):
        question[name] = draw(plausible[name] | json_values)
    return question


json_files = st.fixed_dictionaries({"format": st.just("casebook-questions"),
                                    "questions": st.lists(json_questions() | json_values, max_size=3)}) | json_values


@pytest.mark.django_db
@fast
@given(json_files)
def test_json_import_never_raises_and_every_good_draft_saves(data):
    """Any JSON value in any field gives, per question, a draft that saves whole or an error."""
    with transaction.atomic():
        course, _lesson, _second = make_course("props")
        parsed = exchange.questions_preview(json.dumps(data), course=course, fmt="json")
        for item in parsed:
            assert (item.draft is None) == bool(item.errors)
            assert item.line >= 1
        good = [item.draft for item in parsed if item.draft is not None]
        saved = services.questions_import(course=course, parsed=parsed)
        assert [question.type for question in saved] == [draft["type"] for draft in good]
        for question, draft in zip(saved, good, strict=True):
            stored = draft_from_question(Question.objects.get(pk=question.pk))
            assert (stored["stem"], stored["points"]) == (draft["stem"].strip(), draft["points"])
        transaction.set_rollback(True)
