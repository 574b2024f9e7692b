"""Essays in real Chromium: a student writes (live word count, autosave,
resume), submits and sees "awaiting grading"; an instructor grades through
the rubric by keyboard with names hidden and releases; the student then sees
the levels, the comments and the model answer."""

import pytest

from core import roles
from quizzes.models import Attempt, Release
from quizzes.types.essay import EssayGrade
from tests.browser.conftest import log_in
from tests.factories import make_course, make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ESSAY = "Russia read NATO's eastward enlargement as a lasting shift in the balance on its borders."


def test_write_submit_grade_by_keyboard_release_and_read(page, screenshot):
    """An essay written, kept over a closed tab, submitted, graded by keyboard without names, released and read."""
    course, first, _second = make_course()
    essay = make_essay(course, first, make_rubric(course), min_words=5, max_words=40)
    quiz = make_quiz(course, [essay], title="Case analysis", release=Release.MANUAL)
    author = make_user("author", roles.INSTRUCTORS)
    course.authors.add(author)
    make_user("learner", roles.STUDENTS)

    log_in(page, "learner")
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    box = page.locator("#q1-text")
    box.click()
    page.keyboard.type("Russia feared")
    assert page.locator("#q1-count").inner_text() == "2 words · at least 5 asked for"
    box.fill(ESSAY)
    box.dispatch_event("input")
    assert page.locator("#q1-count").inner_text() == "15 words"
    page.locator("#save-status", has_text="saved").wait_for()
    page.get_by_role("button", name="Preview").click()
    page.locator("#q1-preview", has_text="eastward enlargement").wait_for()
    screenshot("essay-writing-1280", on=page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("essay-writing-390", on=page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Close the tab; the answer comes back in a new one.
    context = page.context
    page.close()
    page = context.new_page()
    attempt = Attempt.objects.get(quiz=quiz)
    page.goto(attempt.get_absolute_url())
    assert page.locator("#q1-text").input_value() == ESSAY
    page.get_by_role("button", name="Finish and submit…").click()
    page.wait_for_url("**/submit/")
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")
    assert page.locator("#awaiting-grading").is_visible()
    assert "MODEL-ANSWER-SECRET" not in page.content()

    # The instructor: names hidden, levels chosen with the arrow keys, "Save and next" from the keyboard.
    page.context.clear_cookies()
    log_in(page, "author")
    page.goto(f"/teach/{course.slug}/quizzes/{quiz.slug}/grading/")
    assert "Learner" not in page.locator("#grading-queue").inner_text()
    screenshot("grading-queue-1280", on=page)
    page.locator("#grading-queue tbody a").first.click()
    page.wait_for_url("**/grading/*/**")
    assert "Learner" not in page.content()
    claim = page.locator('#criterion-claim input[type=radio]').first
    claim.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator('#criterion-claim input[value="2"]').is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("A clear claim about enlargement.")
    page.locator('#criterion-evidence input[type=radio]').first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert page.locator('#criterion-evidence input[value="1"]').is_checked()
    screenshot("grading-answer-1280", on=page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("grading-answer-390", on=page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save and next").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/grading/?**")
    grade = EssayGrade.objects.get()
    assert grade.levels == {"claim": 2, "evidence": 1} and grade.comments == {"claim": "A clear claim about enlargement."}
    page.get_by_role("button", name="Release grades").click()
    page.wait_for_url("**/grading/")
    attempt.refresh_from_db()
    assert attempt.grading == "" and attempt.score == 3.0

    page.context.clear_cookies()
    log_in(page, "learner")
    page.goto(f"/quizzes/attempts/{attempt.pk}/review/")
    text = page.locator("main").inner_text()
    assert "Awaiting grading" not in text and "75.0%" in text
    assert "Claim level 2" in text and "Evidence level 1" in text and "A clear claim about enlargement." in text
    assert "MODEL-ANSWER-SECRET" in text and "GRADER-INFO-SECRET" not in text
    screenshot("essay-released-1280", on=page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("essay-released-390", on=page)
