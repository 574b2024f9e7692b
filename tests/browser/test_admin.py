"""An administrator in real Chromium: logs into admin and opens the course,
quiz and attempt pages (screenshots in test-artifacts/screenshots/)."""

import pytest
from django.http import QueryDict

from lessons.models import Course
from quizzes.models import Attempt, Quiz
from quizzes.services import attempt_save, attempt_start, attempt_submit
from quizzes.types import get_type
from tests.admin_helpers import admin_url, load_site_data
from tests.browser.accessibility import contrast
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



def test_admin_lists_show_every_column_on_a_1366_screen(page, screenshot):
    """At 1,366 px no admin list scrolls sideways, as a page or inside its table, and the filter heading reads."""
    from tests.admin_helpers import registered

    data = load_site_data()
    attempt = attempt_start(quiz=data["quiz"], user=data["student"])
    attempt_save(attempt=attempt, data=_answers(attempt))
    attempt_submit(attempt=attempt)
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in_admin(page, "root")
    cut = []
    for model, _admin in registered():
        page.goto(admin_url(model))
        widths = page.evaluate("""() => { const r = document.querySelector('#changelist .results');
            return [document.documentElement.scrollWidth, innerWidth, r ? r.scrollWidth : 0, r ? r.clientWidth : 0]; }""")
        if widths[0] > widths[1] or widths[2] > widths[3]:
            cut.append((model._meta.label, widths))
    assert cut == []
    page.goto(admin_url(Attempt))
    screenshot("admin-attempts-1366")
    assert contrast(page.locator("#changelist-filter h2")) >= 4.5


def test_no_admin_list_scrolls_sideways_on_a_phone(page, screenshot):
    """At 390 px every admin list fits the window as a page; a wide table scrolls inside its own box."""
    from tests.admin_helpers import registered

    load_site_data()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in_admin(page, "root")
    wide = []
    for model, _admin in registered():
        page.goto(admin_url(model))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((model._meta.label, width))
    assert wide == []
    page.goto(admin_url(Attempt))
    screenshot("admin-attempts-phone")


def test_administrator_imports_accounts_by_keyboard(page, screenshot):
    """From the users list, by keyboard alone: paste rows, see each with its problems, create the clean ones."""
    from django.contrib.auth.models import User

    data = load_site_data()
    cohort = data["cohort"]
    _log_in_admin(page, "root")
    page.goto("/admin/auth/user/")
    page.get_by_role("link", name="Import accounts").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/auth/user/import/")
    page.locator("#id_text").focus()
    page.keyboard.type(f"username,name,email,role,class\nmlin,Lin Mei-hua,,student,{cohort.join_code}\n"
                       "bad user,X,,,\n")
    page.keyboard.press("Tab")  # to the e-mail checkbox
    page.keyboard.press("Tab")  # to "Check the rows"
    page.keyboard.press("Enter")
    page.wait_for_selector("table.cb-import-rows")
    assert page.locator("table.cb-import-rows tbody tr.cb-ok").count() == 1
    assert "is not a valid username" in page.locator("table.cb-import-rows tbody tr.cb-bad").inner_text()
    screenshot("admin-import-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("admin-import-preview-phone")
    page.get_by_role("button", name="Create 1 account").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/auth/user/")
    assert "1 account created. 1 row with errors was skipped." in page.locator(".messagelist").inner_text()
    assert User.objects.get(username="mlin").enrolments.get().cohort == cohort
