"""The CSV exports: UTF-8 with a byte-order mark (so spreadsheets open
Chinese names correctly), one row a student for grades, one row an answer
for responses."""

import csv
import io

import pytest
from django.urls import reverse

from quizzes import services as quiz_services
from tests.classroom import enrol, take
from tests.factories import make_cohort, make_quiz

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_grades_csv(client, klass, instructor):
    """One row a student (by name), lesson completion, then one column a quiz graded by its method."""
    take(klass["quiz"], klass["sam"], wrong_positions={1})  # second attempt, highest counts
    client.force_login(instructor)
    response = client.get(reverse("dashboard:export-grades", args=[klass["cohort"].pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="class-a-grades-')
    assert _csv(response) == [
        ["Username", "Name", "Email", "Lessons completed", "Lesson completion (%)", "Everything quiz"],
        ["sam", "Sam Carter", "", "0", "0", "85.7"],
        ["lin", "林 美華", "", "1", "50", "100.0"],
    ]


def test_responses_csv(client, klass, instructor):
    """One row an answer, with the answer and the key as text, the fraction and the score."""
    client.force_login(instructor)
    response = client.get(reverse("dashboard:export-responses", args=[klass["cohort"].pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="class-a-responses-')
    rows = _csv(response)
    assert rows[0] == ["Username", "Name", "Quiz", "Attempt", "Started", "Submitted", "Question number", "Question",
                       "Topic", "Type", "Answer", "Correct answer", "Fraction", "Score", "Points", "Status"]
    assert len(rows) == 1 + 2 * 7
    lin_first = rows[1]
    assert lin_first[:4] == ["lin", "林 美華", "Everything quiz", "1"]
    assert lin_first[6:] == ["1", "Stem of q-single", "theory", "single", "Security", "Security", "1.0", "1.0", "1",
                             "graded"]
    sam_ordering = next(r for r in rows if r[0] == "sam" and r[9] == "ordering")
    assert sam_ordering[10] == "Second event → First event → Third event → Fourth event"
    assert sam_ordering[12] == "0.3333"
    lin_date = next(r for r in rows if r[0] == "lin" and r[9] == "date")
    assert lin_date[10:12] == ["8 August 2008", "8 August 2008"]  # as people write dates, not 2008-08-08


HOSTILE_NAME = '=HYPERLINK("http://evil","x")'
HOSTILE_ANSWERS = ["+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1", "\r=1"]


@pytest.fixture
def hostile_class(course_data, questions, instructor):
    """A class where one student's username, name and short answers are
    spreadsheet formulas (one attempt an answer), beside an ordinary student."""
    cohort = make_cohort(course_data["course"], instructor)
    quiz = make_quiz(course_data["course"], [questions["short"]], title="Short quiz",
                     attempts_allowed=len(HOSTILE_ANSWERS))
    mallory = enrol(cohort, "-mallory", first_name=HOSTILE_NAME)
    for text in HOSTILE_ANSWERS:
        attempt = quiz_services.attempt_start(quiz=quiz, user=mallory)
        attempt.responses.update(answer={"text": text})
        quiz_services.attempt_submit(attempt=attempt)
    sam = enrol(cohort, "sam", first_name="Sam", last_name="Carter")
    attempt = quiz_services.attempt_start(quiz=quiz, user=sam)
    attempt.responses.update(answer={"text": "Tbilisi"})
    quiz_services.attempt_submit(attempt=attempt)
    return cohort


def test_grades_csv_neutralises_formulas(client, hostile_class, instructor):
    """A username or name that a spreadsheet would run as a formula starts with a quote; the rest is unchanged."""
    client.force_login(instructor)
    rows = _csv(client.get(reverse("dashboard:export-grades", args=[hostile_class.pk])))
    by_username = {row[0]: row for row in rows[1:]}
    assert by_username["'-mallory"] == ["'-mallory", "'" + HOSTILE_NAME, "", "0", "0", "0.0"]
    assert by_username["sam"] == ["sam", "Sam Carter", "", "0", "0", "0.0"]


def test_responses_csv_neutralises_formulas(client, hostile_class, instructor):
    """Every formula-like username, name and short answer starts with a quote; ordinary answers are unchanged."""
    client.force_login(instructor)
    rows = _csv(client.get(reverse("dashboard:export-responses", args=[hostile_class.pk])))
    mallory = [row for row in rows[1:] if row[0] == "'-mallory"]
    assert [row[1] for row in mallory] == ["'" + HOSTILE_NAME] * len(HOSTILE_ANSWERS)
    assert [row[10] for row in mallory] == ["'" + text for text in HOSTILE_ANSWERS]
    (sam,) = [row for row in rows[1:] if row[0] == "sam"]
    assert sam[:4] == ["sam", "Sam Carter", "Short quiz", "1"]
    assert sam[10:] == ["Tbilisi", "Tskhinvali / Tskhinval", "0.0", "0.0", "1", "graded"]
