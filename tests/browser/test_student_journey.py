"""The student's journey in real Chromium: join a class by code, read and
complete a lesson, take a quiz with every question type (ordering and matching
by keyboard alone), close the tab mid-attempt and come back, submit, review;
and a timed quiz that runs out."""

import datetime

import pytest
from django.utils import timezone

from core import roles
from lessons.models import Enrolment, LessonProgress
from quizzes.models import Attempt
from tests.browser.answering import ORDER, wait_saved
from tests.browser.conftest import log_in
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def question_box(page, qtype, attempt):
    position = attempt.responses.get(snapshot__type=qtype).position
    return page.locator(f"#question-{position}"), f"q{position}"


def order_by_keyboard(page, box, wanted):
    """Press the Up buttons with the keyboard until the items read in `wanted` order."""
    for target, text in enumerate(wanted):
        while True:
            items = box.locator(".ordering-text").all_inner_texts()
            index = items.index(text)
            if index == target:
                break
            up = box.locator(".ordering-item").nth(index).locator(".move-up")
            up.focus()
            page.keyboard.press("Enter")


def test_join_read_quiz_close_resume_submit_review(page, screenshot, audited):
    """A student joins by code, completes a lesson, answers every type, resumes in a new tab, submits: full marks."""
    course, first, second = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    make_cohort(course, teacher, code="JOIN2008")
    questions = make_questions(course, first)
    quiz = make_quiz(course, [questions[t] for t in ORDER], title="Every type")
    student = make_user("learner")

    log_in(page, "learner")
    page.goto("/join/")
    page.fill("#id_code", "JOIN2008")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{course.get_absolute_url()}")
    assert Enrolment.objects.get(user=student).cohort.join_code == "JOIN2008"

    page.get_by_role("link", name="First lesson", exact=True).click()
    page.get_by_role("button", name="Mark as done and continue").click()
    page.wait_for_url(f"**{second.get_absolute_url()}")
    assert LessonProgress.objects.get(user=student, lesson=first).completed_at

    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(user=student)

    box, prefix = question_box(page, "single", attempt)
    box.get_by_label("Security").check()
    box, prefix = question_box(page, "multiple", attempt)
    box.get_by_label("A", exact=True).check()
    box.get_by_label("B", exact=True).check()
    box, prefix = question_box(page, "truefalse", attempt)
    box.get_by_label("True").check()
    wait_saved(page)

    # Close the tab mid-attempt; a new tab shows the saved answers.
    context = page.context
    page.close()
    page = audited(context.new_page())
    # Start the ordering question in the reverse of its key, so the keyboard has moves to make.
    ordering = attempt.responses.get(snapshot__type="ordering")
    ordering.shown["order"] = list(reversed(ordering.snapshot["key"]["order"]))
    ordering.save(update_fields=["shown"])
    page.goto(attempt.get_absolute_url())
    box, prefix = question_box(page, "single", attempt)
    assert box.get_by_label("Security").is_checked()
    assert question_box(page, "truefalse", attempt)[0].get_by_label("True").is_checked()

    box, prefix = question_box(page, "ordering", attempt)
    confirm = box.get_by_label("This order is my answer")
    assert not confirm.is_checked()  # the order it arrived in is not an answer
    order_by_keyboard(page, box, ["First event", "Second event", "Third event", "Fourth event"])
    assert confirm.is_checked()  # moving an event answered it
    box, prefix = question_box(page, "date", attempt)
    box.locator(f"[name={prefix}-day]").fill("8")
    box.locator(f"[name={prefix}-month]").select_option("8")
    box.locator(f"[name={prefix}-year]").fill("2008")
    box, prefix = question_box(page, "matching", attempt)
    rows = box.locator("tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        wanted = "Distant cause" if row.locator("th").inner_text() == "Separatism" else "Proximate cause"
        row.locator("select").focus()
        page.keyboard.type(wanted[0])  # keyboard selection by first letter
        assert row.locator("select option:checked").inner_text() == wanted
    box, prefix = question_box(page, "short", attempt)
    box.locator(f"[name={prefix}]").fill("tskhinvali")
    wait_saved(page)
    screenshot("quiz-attempt", on=page)

    page.get_by_role("button", name="Finish and submit…").click()
    page.wait_for_url("**/submit/")
    assert "You have answered every question." in page.content()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score == 7
    assert "100.0%" in page.content()
    screenshot("quiz-review", on=page)


def start_short_quiz(page, username, types, **settings):
    """A new student signs in and starts a quiz of the given question types."""
    course, first, _ = make_course()
    questions = make_questions(course, first)
    quiz = make_quiz(course, [questions[t] for t in types], title="Short quiz", **settings)
    student = make_user(username)
    log_in(page, username)
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    return Attempt.objects.get(user=student)


def test_timed_quiz_runs_out_and_submits_what_was_saved(page):
    """A timed attempt warns in its last minute and, when time runs out, is submitted with what was saved."""
    attempt = start_short_quiz(page, "hurried", ["single", "short"], time_limit_minutes=10)
    box, _ = question_box(page, "single", attempt)
    box.get_by_label("Security").check()
    wait_saved(page)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() + datetime.timedelta(seconds=3))
    page.reload()
    assert page.locator("#timer-warning").is_visible()  # under a minute left: warned
    page.wait_for_url("**/review/", timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 1
    assert "Time ran out" in page.content()


def test_confirming_an_ordering_by_keyboard_answers_it(page):
    """"This order is my answer" is reached and ticked with the keyboard alone, and the order shown is saved."""
    attempt = start_short_quiz(page, "orderly", ["ordering", "short"])
    box, _ = question_box(page, "ordering", attempt)
    confirm = box.get_by_label("This order is my answer")
    box.locator(".ordering-item").last.locator(".move-up").focus()
    page.keyboard.press("Tab")  # past the last item's Down button (disabled), onto the checkbox
    assert page.evaluate("document.activeElement.name") == f"{confirm.get_attribute('name')}"
    page.keyboard.press("Space")
    wait_saved(page)
    response = attempt.responses.get(snapshot__type="ordering")
    assert confirm.is_checked() and response.answer == {"order": response.shown["order"]}


def test_a_numerical_question_on_a_phone_by_keyboard(page, screenshot):
    """At 390 px, a student types "1.3 million" with the keyboard alone, sees the unit beside the field,
    submits, and the review shows the accepted value and tolerance."""
    from quizzes.drafts import empty_draft
    from quizzes.services import question_save
    from quizzes.types import get_type

    course, first, _ = make_course()
    draft = {**empty_draft("numerical", "causes"), **get_type("numerical").example_draft(),
             "stem": "How many people?", "lesson": first.slug, "anchor": "security-dilemma"}
    quiz = make_quiz(course, [question_save(course=course, draft=draft)], title="A figure")
    student = make_user("counter")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "counter")
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    field = page.get_by_label("Your answer")
    field.focus()
    page.keyboard.type("1.3 million")
    assert page.locator(".numerical-answer .unit").inner_text() == "people"
    wait_saved(page)
    screenshot("quiz-numerical-phone")
    page.get_by_role("button", name="Finish and submit…").click()
    page.wait_for_url("**/submit/")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")
    assert Attempt.objects.get(user=student).score == 1
    assert "1,300,000 ± 5 % people" in page.content()


def test_a_month_and_year_in_a_full_date_question_is_flagged_as_typed(page):
    """Typing only the month and year of a full-date question by keyboard shows the incomplete warning before
    the save, keeps it after the save (which stores what was typed), and the day clears it."""
    attempt = start_short_quiz(page, "dater", ["date", "short"])
    box, prefix = question_box(page, "date", attempt)
    warning = box.locator(".answer-incomplete")
    assert warning.is_hidden()
    box.locator(f"[name={prefix}-month]").focus()
    page.keyboard.type("Au")  # August, chosen by its first letters
    page.keyboard.press("Tab")
    page.keyboard.type("2008")
    assert warning.is_visible()  # at once, with no save yet
    assert attempt.responses.get(snapshot__type="date").answer is None
    assert "the day, the month and the year" in warning.inner_text()
    wait_saved(page)
    assert attempt.responses.get(snapshot__type="date").answer == {"year": 2008, "month": 8, "day": None}
    assert warning.is_visible()
    page.reload()
    assert box.locator(".answer-incomplete").is_visible()  # the server says so too
    box.locator(f"[name={prefix}-day]").focus()
    page.keyboard.type("8")
    assert warning.is_hidden()
