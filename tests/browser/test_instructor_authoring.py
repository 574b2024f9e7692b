"""An instructor in real Chromium writes a quiz with one question of every
registered type in the editor (with its live, sanitised preview), previews it and
publishes it; a student then takes it."""

import pytest

from core import roles
from quizzes.models import Attempt, Question, Quiz
from tests.browser.conftest import log_in
from tests.factories import make_cohort, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = {
    "single": {"parts": [("Security", True), ("Power", False)]},
    "multiple": {"parts": [("Balancing", True), ("Restraint", True), ("Conquest", False)]},
    "truefalse": {"answer": "True"},
    "ordering": {"parts": ["Soviet collapse", "Rose Revolution", "August war"]},
    "date": {"date": "2008-08-08"},
    "matching": {"pairs": [("Soviet borders", "Distant"), ("NATO bid", "Proximate")]},
    "short": {"parts": ["Tskhinvali"]},
    "numerical": {"unit": "tanks", "numbers": [("820", "")]},
}


def write_question(page, qtype, spec):
    page.goto(f"/teach/case/questions/new/{qtype}/")
    page.fill("#id_stem", f"Which {qtype}? **bold** <script>window.pwned=1</script>")
    if qtype == "single":
        # The live preview renders Markdown through the sanitiser.
        page.locator(".markdownx-preview strong").first.wait_for()
        assert page.locator(".markdownx-preview script").count() == 0
    page.fill("#id_explanation", f"The {qtype} answer follows from the lesson.")
    page.select_option("#id_lesson", "first")
    page.select_option("#id_anchor", "security-dilemma")
    if "answer" in spec:
        page.get_by_label(spec["answer"], exact=True).check()
    if "date" in spec:
        page.fill("#id_date", spec["date"])
    for index, part in enumerate(spec.get("parts", [])):
        text, correct = part if isinstance(part, tuple) else (part, False)
        page.fill(f"#id_part-{index}-text", text)
        if correct:
            page.check(f"#id_part-{index}-correct")
    if "unit" in spec:
        page.fill("#id_unit", spec["unit"])
    for index, (value, tolerance) in enumerate(spec.get("numbers", [])):
        page.fill(f"#id_part-{index}-value", value)
        page.fill(f"#id_part-{index}-tolerance", tolerance)
    for index, (item, category) in enumerate(spec.get("pairs", [])):
        page.fill(f"#id_part-{index}-item", item)
        page.fill(f"#id_part-{index}-category", category)
    page.get_by_role("button", name="Save question").click()
    page.wait_for_url("**/questions/*/")
    assert "Question saved" in page.content()


def test_instructor_writes_previews_publishes_and_a_student_takes_it(page, screenshot, browser, live_server, audited):
    """An author writes every type into a new quiz, previews it (not counted), publishes it, and a student takes it."""
    course, first, _ = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    make_cohort(course, teacher)
    make_user("taker")
    log_in(page, "teacher")
    page.get_by_role("link", name="Teaching").click()
    page.get_by_role("link", name="Quizzes").click()
    page.get_by_role("link", name="New quiz").click()
    page.fill("#id_title", "Every type, by hand")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_url("**/quizzes/every-type-by-hand/")

    for qtype, spec in QUESTIONS.items():
        write_question(page, qtype, spec)
    screenshot("authoring-question-form")
    assert Question.objects.count() == len(QUESTIONS) == 8

    page.goto("/teach/case/questions/")
    screenshot("authoring-bank")
    page.goto("/teach/case/quizzes/every-type-by-hand/")
    for box in page.locator("#picker input[name=question]").all():
        box.check()
    page.get_by_role("button", name="Add the ticked questions").click()
    page.locator("#questions li[data-question]").nth(len(QUESTIONS) - 1).wait_for()
    quiz = Quiz.objects.get(slug="every-type-by-hand")
    assert quiz.quiz_questions.count() == len(QUESTIONS)

    page.get_by_role("button", name="Preview as a student").click()
    page.wait_for_url("**/attempts/*/")
    assert "does not count" in page.content()
    assert page.locator(".question").count() == len(QUESTIONS)
    assert page.evaluate("window.pwned") is None
    screenshot("authoring-preview")
    page.get_by_role("button", name="Finish and submit…").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")

    page.goto("/teach/case/quizzes/every-type-by-hand/")
    page.get_by_role("button", name="Publish").click()
    quiz.refresh_from_db()
    assert quiz.published

    student_page = audited(browser.new_context(base_url=live_server.url).new_page())
    log_in(student_page, "taker")
    student_page.goto(quiz.get_absolute_url())
    student_page.get_by_role("button", name="Start the quiz").click()
    student_page.wait_for_url("**/attempts/*/")
    student_page.get_by_label("True", exact=True).check()
    student_page.get_by_role("button", name="Finish and submit…").click()
    student_page.get_by_role("button", name="Submit now").click()
    student_page.wait_for_url("**/review/")
    attempt = Attempt.objects.counted().get(quiz=quiz)
    assert attempt.user.username == "taker" and attempt.score >= 1
