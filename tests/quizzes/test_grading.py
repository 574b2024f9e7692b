"""The pure grading functions, one rule each."""

import pytest

from quizzes import grading


def test_single():
    """A single choice earns 1 when the chosen option is the key's and 0 otherwise, unanswered included."""
    assert grading.grade_single(2, 2) == 1.0
    assert grading.grade_single(1, 2) == 0.0
    assert grading.grade_single(None, 2) == 0.0


@pytest.mark.parametrize("chosen, expected", [
    ({1, 2}, 1.0),        # both right ones
    ({1}, 0.5),           # half
    ({1, 3}, 0.0),        # one right, one wrong cancel out
    ({1, 2, 3}, 0.5),     # all right plus one wrong
    ({3, 4}, 0.0),        # never below zero
    (set(), 0.0),
])
def test_multiple_partial_credit(chosen, expected):
    """Each right option earns its share, each wrong one takes a share back, and the total never drops below 0."""
    assert grading.grade_multiple(chosen, {1, 2}) == expected


def test_true_false():
    """True/false earns 1 only for the key's value; the wrong value or no answer earns 0."""
    assert grading.grade_true_false(True, True) == 1.0
    assert grading.grade_true_false(False, True) == 0.0
    assert grading.grade_true_false(None, False) == 0.0


@pytest.mark.parametrize("order, expected", [
    ([1, 2, 3, 4], 1.0),
    ([2, 1, 3, 4], 1 / 3),   # of the pairs (1,2), (2,3), (3,4) only (3,4) is still adjacent and in order
    ([4, 3, 2, 1], 0.0),
    ([1, 2, 4, 3], 1 / 3),
    ([1, 2, 3], 0.0),        # wrong shape
])
def test_ordering_adjacent_pairs(order, expected):
    """An ordering earns the share of the key's adjacent pairs kept adjacent and in order; a wrong length earns 0."""
    assert grading.grade_ordering(order, [1, 2, 3, 4]) == pytest.approx(expected)


@pytest.mark.parametrize("answer, precision, expected", [
    ((2008, 8, 8), "day", 1.0),
    ((2008, 8, 7), "day", 0.0),
    ((2008, 8, None), "month", 1.0),
    ((2008, 7, None), "month", 0.0),
    ((2008, None, None), "year", 1.0),
    ((2008, 1, 1), "year", 1.0),     # extra parts beyond the precision are ignored
    ((2007, 8, 8), "day", 0.0),
])
def test_date_at_precision(answer, precision, expected):
    """A date earns 1 when it matches the key down to the key's precision, whatever is given beyond it."""
    assert grading.grade_date(answer, (2008, 8, 8), precision) == expected


def test_matching_per_item():
    """Matching earns the share of items placed in their own category; a missing item counts as wrong."""
    assert grading.grade_matching({1: 0, 2: 1, 3: 1}, {1: 0, 2: 1, 3: 1}) == 1.0
    assert grading.grade_matching({1: 0, 2: 0}, {1: 0, 2: 1, 3: 1}) == pytest.approx(1 / 3)


@pytest.mark.parametrize("typed", ["Tskhinvali", "  tskhinvali ", "ＴＳＫＨＩＮＶＡＬＩ", "Tskhin vali", "tskhinval"])
def test_short_answer_normalisation(typed):
    """Case, spaces and full-width letters do not matter; listed variants are accepted."""
    assert grading.grade_short(typed, ["Tskhinvali", "Tskhinval"]) == 1.0


def test_short_answer_chinese_variants():
    """Simplified forms and compatibility ideographs match the traditional term."""
    assert grading.grade_short("安全困境", ["安全困境"]) == 1.0
    assert grading.grade_short("南奥塞梯", ["南奧塞梯"]) == 1.0
    assert grading.grade_short("Sukhumi", ["Tskhinvali"]) == 0.0
    assert grading.grade_short("", ["x"]) == 0.0


@pytest.mark.parametrize("chosen, grade", [
    ({1, 3}, 1.0), ({1}, 0.5), ({1, 2}, 0.0), ({1, 3, 4}, 0.0), (set(), 0.0), ({2}, 0.0),
])
def test_weighted_options_grade_by_moodles_rule(chosen, grade):
    """Moodle's multiple response: the chosen weights summed, clipped to 0 … 1 (its fixture 50/-100/50/-100)."""
    from quizzes.grading import grade_weighted
    assert grade_weighted(chosen, {1: 0.5, 2: -1.0, 3: 0.5, 4: -1.0}) == grade


def test_short_answer_takes_the_best_matching_answers_credit():
    """Of several matching accepted answers, the highest credit counts; none matching is 0."""
    from quizzes.grading import grade_short
    assert grade_short("Tskhinvali", ["Tskhin*", "Tskhinvali", "*"], [0.5, 1.0, 0.0]) == 1.0
    assert grade_short("Tskhinval", ["Tskhin*", "Tskhinvali", "*"], [0.5, 1.0, 0.0]) == 0.5
    assert grade_short("Gori", ["Tskhin*", "Tskhinvali"], [0.5, 1.0]) == 0.0


def _answered(qtype, answer, points=2.0, score=None, key=None):
    """An unsaved response to a `qtype` question worth `points`, as an attempt holds it."""
    from quizzes.models import Response
    return Response(snapshot={"type": qtype, "points": points, "key": key or {}}, answer=answer, score=score)


def test_responses_grade_grades_every_automatic_answer_and_sums_the_points():
    """The one grading loop grades each automatic answer through its type and sums the scores in points."""
    right = _answered("truefalse", {"value": True}, key={"answer": True})
    wrong = _answered("truefalse", {"value": False}, points=3.0, key={"answer": True})
    blank = _answered("truefalse", None, key={"answer": False})
    assert grading.responses_grade([right, wrong, blank]) == 2.0
    assert [(r.fraction, r.score) for r in (right, wrong, blank)] == [(1.0, 2.0), (0.0, 0.0), (0.0, 0.0)]


def test_responses_grade_waits_for_an_essay_and_keeps_a_persons_score():
    """An answered essay not yet graded makes the total wait (None); one a person graded counts as graded;
    one left blank scores 0 and needs no reader."""
    written = _answered("essay", {"text": "An essay."})
    assert grading.responses_grade([_answered("truefalse", {"value": True}, key={"answer": True}), written]) is None
    assert written.score is None
    graded = _answered("essay", {"text": "An essay."}, score=1.5)
    blank = _answered("essay", None)
    assert grading.responses_grade([graded, blank, _answered("truefalse", {"value": True}, key={"answer": True})]) == 3.5
    assert (graded.score, blank.fraction, blank.score) == (1.5, 0.0, 0.0)
