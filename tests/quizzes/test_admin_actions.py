"""The attempt actions: regrade after a key is corrected (preview, then apply
and record), export as CSV, delete only after a confirmation."""

import csv
import io

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, DELETION, LogEntry

from quizzes.admin_actions import refreshed_key
from quizzes.models import Attempt, Option, OrderingItem, Response
from quizzes.types import get_type
from tests.admin_helpers import admin_url
from tests.factories import make_user

WRONG_SINGLE = {1: {"option": 2}}  # "Power": wrong under the stored key (option 1 is right)


def _act(client, action, attempts, confirm=False):
    data = {"action": action, ACTION_CHECKBOX_NAME: [a.pk for a in attempts]}
    if confirm:
        data["post"] = "yes"
    return client.post(admin_url(Attempt), data)


def _correct_single_key(questions):
    """The key said option 1; the thesis says option 2."""
    single = questions["single"]
    Option.objects.filter(question=single, position=1).update(is_correct=False)
    Option.objects.filter(question=single, position=2).update(is_correct=True)


def test_regrade_preview_changes_nothing(superuser_client, take, student, questions):
    """The first step lists each attempt's old and new score and writes nothing."""
    attempt = take(student, WRONG_SINGLE)
    _correct_single_key(questions)
    response = _act(superuser_client, "regrade", [attempt])
    assert response.status_code == 200
    plan = response.context["plans"][0]
    assert (plan.old, plan.new) == (0.0, 1.0)
    assert plan.changed_questions == ["q-single"]
    assert b"Regrade 1 attempt" in response.content
    attempt.refresh_from_db()
    assert attempt.score == 0.0
    assert attempt.responses.get(position=1).snapshot["key"]["correct"] == [1]


def test_regrade_applies_corrected_key_and_records_it(superuser_client, take, student, other_student, questions,
                                                      administrator):
    """Confirming writes the corrected key into the snapshots, changes the score and logs old → new."""
    mine = take(student, WRONG_SINGLE)
    theirs = take(other_student, {1: {"option": 1}})  # right under the old key, wrong under the corrected one
    _correct_single_key(questions)
    response = _act(superuser_client, "regrade", [mine, theirs], confirm=True)
    assert response.status_code == 200
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.score, theirs.score) == (1.0, 0.0)
    first = mine.responses.get(position=1)
    assert first.snapshot["key"]["correct"] == [2]
    assert (first.fraction, first.score) == (1.0, 1.0)
    entry = LogEntry.objects.get(object_id=str(mine.pk), action_flag=CHANGE)
    assert entry.user == administrator
    assert "0 → 1" in entry.change_message and "q-single" in entry.change_message
    assert "1 → 0" in LogEntry.objects.get(object_id=str(theirs.pk)).change_message
    assert b"2 attempts were regraded" in response.content


def test_regrade_without_a_key_change_changes_nothing(superuser_client, take, student):
    """Nothing to correct: no write, no history entry."""
    attempt = take(student, {1: {"option": 1}})
    response = _act(superuser_client, "regrade", [attempt], confirm=True)
    assert response.status_code == 200
    attempt.refresh_from_db()
    assert attempt.score == 1.0
    assert not LogEntry.objects.filter(object_id=str(attempt.pk)).exists()


def test_regrade_skips_open_attempts(superuser_client, quiz, student, questions):
    """An attempt still in progress is listed as skipped and left alone."""
    from quizzes.services import attempt_start

    attempt = attempt_start(quiz=quiz, user=student)
    _correct_single_key(questions)
    response = _act(superuser_client, "regrade", [attempt], confirm=True)
    assert response.context["plans"][0].skipped
    attempt.refresh_from_db()
    assert attempt.score is None and attempt.is_open


def test_regrade_keeps_the_key_when_the_question_changed_shape(superuser_client, take, student, questions):
    """A question with another option than the student saw keeps its stored key, with a note."""
    attempt = take(student, WRONG_SINGLE)
    _correct_single_key(questions)
    Option.objects.create(question=questions["single"], position=4, text="Honour")
    response = _act(superuser_client, "regrade", [attempt], confirm=True)
    plan = response.context["plans"][0]
    assert any("q-single" in note for note in plan.notes)
    attempt.refresh_from_db()
    assert attempt.score == 0.0


def test_ordering_key_is_matched_by_event_text(take, student, questions):
    """Swapping two events' correct places re-keys the stored item ids by their text."""
    attempt = take(student, {})
    response = attempt.responses.get(snapshot__type="ordering")
    old = response.snapshot
    ordering = questions["ordering"]
    OrderingItem.objects.filter(question=ordering, position=1).update(position=99)
    OrderingItem.objects.filter(question=ordering, position=2).update(position=1)
    OrderingItem.objects.filter(question=ordering, position=99).update(position=2)
    ordering.refresh_from_db()
    fresh = get_type("ordering").snapshot(ordering)
    key, note = refreshed_key(old, fresh)
    ids = {item["text"]: item["id"] for item in old["items"]}
    assert note == ""
    assert key == {"order": [ids["Second event"], ids["First event"], ids["Third event"], ids["Fourth event"]]}


def test_export_csv_has_one_row_per_selected_attempt(superuser_client, take, student, other_student):
    """The CSV holds a header and exactly the selected attempts, with their scores."""
    mine = take(student, {1: {"option": 1}, 3: {"value": True}})
    take(other_student, {})
    response = _act(superuser_client, "export_csv", [mine])
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["attempt id"] == str(mine.pk)
    assert record["username"] == "student"
    assert record["quiz"] == "quiz"
    assert float(record["score"]) == 2.0 and float(record["maximum score"]) == 7.0
    assert record["status"] == "graded"


def test_export_csv_neutralises_formulas(superuser_client, take):
    """A username or name that a spreadsheet would run as a formula starts with a quote; numbers are unchanged."""
    mallory = make_user("-mallory")
    mallory.first_name = '=HYPERLINK("http://evil","x")'
    mallory.save()
    attempt = take(mallory, {1: {"option": 1}})
    rows = list(csv.reader(io.StringIO(_act(superuser_client, "export_csv", [attempt]).content.decode())))
    record = dict(zip(*rows, strict=True))
    assert record["username"] == "'-mallory"
    assert record["student"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert record["attempt id"] == str(attempt.pk) and record["quiz"] == "quiz"
    assert record["score"] == "1.0"


def test_delete_needs_confirmation_and_is_recorded(superuser_client, take, student, administrator):
    """Choosing the action only shows a confirmation; confirming deletes and records it."""
    attempt = take(student, {})
    response = _act(superuser_client, "delete_attempts", [attempt])
    assert response.status_code == 200
    assert b"cannot be undone" in response.content
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    response = _act(superuser_client, "delete_attempts", [attempt], confirm=True)
    assert response.status_code == 302
    assert not Attempt.objects.filter(pk=attempt.pk).exists()
    assert not Response.objects.filter(attempt_id=attempt.pk).exists()
    assert LogEntry.objects.filter(object_id=str(attempt.pk), action_flag=DELETION, user=administrator).exists()


def test_default_bulk_delete_is_not_offered(superuser_client, take, student):
    """The stock 'delete selected' action is gone from attempts and responses."""
    take(student, {})
    assert superuser_client.get(admin_url(Response)).context["action_form"] is None
    response = superuser_client.get(admin_url(Attempt))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert "delete_selected" not in actions
    assert {"regrade", "export_csv", "delete_attempts"} <= actions
