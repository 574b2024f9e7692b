"""The CSV exports: UTF-8 with a byte-order mark (so spreadsheets open
Chinese names correctly), one row a student for grades, one row an answer
for responses."""

import csv
import io

import pytest
from django.urls import reverse

from tests.dashboard.helpers import take

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
                       "Topic", "Type", "Answer", "Correct answer", "Fraction", "Score", "Points"]
    assert len(rows) == 1 + 2 * 7
    lin_first = rows[1]
    assert lin_first[:4] == ["lin", "林 美華", "Everything quiz", "1"]
    assert lin_first[6:] == ["1", "Stem of q-single", "theory", "single", "Security", "Security", "1.0", "1.0", "1"]
    sam_ordering = next(r for r in rows if r[0] == "sam" and r[9] == "ordering")
    assert sam_ordering[10] == "Second event → First event → Third event → Fourth event"
    assert sam_ordering[12] == "0.3333"
