"""An administrator in real Chromium: logs into admin and opens the course,
quiz and attempt pages (screenshots in test-artifacts/screenshots/)."""

import pytest
from django.http import QueryDict

from lessons.models import Course
from quizzes.models import Attempt, Quiz
from quizzes.services import attempt_save, attempt_start, attempt_submit
from quizzes.types import get_type
from tests.admin.helpers import admin_url, load_site_data
from tests.factories import answer_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answers(attempt) -> QueryDict:
    """Right answers to odd questions, a wrong or no answer to even ones, as the page would post them."""
    data = QueryDict(mutable=True)
    for response in attempt.responses.all():
        snap, key = response.snapshot, response.snapshot["key"]
        answer = get_type(snap["type"]).key_answer(snap)
        if response.position % 2 == 0:
            answer = {
                "single": {"option": next(o["id"] for o in snap.get("options", []) if o["id"] not in key.get("correct", []))}
                if snap["type"] == "single" else None,
                "multiple": {"options": key.get("correct", [])[:1]},
                "truefalse": {"value": not key.get("answer")},
                "short": None,
                "date": {**answer, "year": answer["year"] - 1} if snap["type"] == "date" else None,
                "ordering": {"order": list(reversed(key.get("order", [])))},
                "matching": {"assigned": {item: 1 - c for item, c in key.get("category_of", {}).items()}},
            }[snap["type"]]
        for name, value in answer_form(response, answer).items():
            data.setlist(name, value if isinstance(value, list) else [value])
    return data


def _log_in_admin(page, username):
    page.goto("/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_administrator_opens_course_quiz_and_attempt(page, screenshot):
    """The admin index, a course with its chapters, a quiz with its questions, and an attempt's answers."""
    data = load_site_data()
    attempt = attempt_start(quiz=data["quiz"], user=data["student"])
    attempt_save(attempt=attempt, data=_answers(attempt))
    attempt = attempt_submit(attempt=attempt)
    _log_in_admin(page, "root")
    assert page.locator("#site-name").inner_text().strip().endswith("Casebook administration")
    screenshot("admin-index")

    page.goto(admin_url(Course, "change", Course.objects.get().pk))
    assert page.locator("#chapters-group tbody tr.has_original").count() == 5
    screenshot("admin-course")

    quiz = Quiz.objects.get(slug="fixed")
    page.goto(admin_url(Quiz, "change", quiz.pk))
    assert page.locator("#quiz_questions-group tbody tr.has_original").count() == quiz.quiz_questions.count()
    screenshot("admin-quiz")

    page.goto(admin_url(Attempt, "change", attempt.pk))
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator(".cb-mark-right").count() >= 1 and page.locator(".cb-mark-wrong").count() >= 1
    screenshot("admin-attempt")

    # The key of question 1 was wrong: the student's choice (right until now) is not the right option.
    options = attempt.responses.get(position=1).question.options
    right, other = options.get(is_correct=True), options.filter(is_correct=False).first()
    options.filter(pk=right.pk).update(is_correct=False)
    options.filter(pk=other.pk).update(is_correct=True)
    page.goto(admin_url(Attempt))
    page.locator(f"input.action-select[value='{attempt.pk}']").check()
    page.select_option("select[name=action]", "regrade")
    page.click("button[name=index]")
    page.wait_for_selector("table.cb-report")
    assert page.locator("tr.cb-changed").count() == 1
    screenshot("admin-regrade")
    page.click("input[type=submit].default")
    page.wait_for_selector("text=attempt was regraded")
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(3.3333, abs=1e-3)
