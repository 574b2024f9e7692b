"""The instructor's pages in real Chromium at a laptop's and a phone's width:
no page scrolls sideways as a whole, the matrix scrolls in its own named
region with a sticky names column, the quiz picker adds questions without a
reload and reorders them by keyboard, the question editor adds and removes
rows in place and follows the lesson with its headings."""

import pytest
from playwright.sync_api import expect

from core import roles
from lessons.models import Chapter, Lesson
from quizzes.models import Question, Quiz
from tests.browser.conftest import log_in
from tests.classroom import enrol, read, take
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def _site():
    """A course with four chapters of lessons, a bank, eight quizzes with long titles and a class that took them."""
    course, first, second = make_course()
    for number in range(2, 5):
        chapter = Chapter.objects.create(course=course, number=number, slug=f"ch-{number}", title=f"Chapter {number}")
        for position in range(1, 4):
            Lesson.objects.create(chapter=chapter, position=position, slug=f"l-{number}-{position}",
                                  title=f"The long lesson title number {number}.{position}", body="## A {#a}\n\nText.")
    questions = make_questions(course, first)
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    cohort = make_cohort(course, teacher)
    quizzes = [make_quiz(course, list(questions.values()), slug=f"quiz-{n}",
                         title=f"Chapter {n} check: causes, dates and the theory behind them") for n in range(1, 9)]
    for n, name in enumerate(["Nino Beridze", "Sam Carter", "Ana Lomidze", "Wang Xiaoming"]):
        first_name, last_name = name.split()
        student = enrol(cohort, first_name.lower(), first_name=first_name, last_name=last_name)
        read(student, first)
        read(student, second, complete=n % 2 == 0)
        for quiz in quizzes[:3]:
            take(quiz, student, wrong_positions={1, 2} if n % 2 else set())
    return course, cohort, quizzes, questions


def _pages(course, cohort, quizzes, questions):
    quiz, student = quizzes[0], cohort.enrolments.order_by("user__username").first().user
    attempt = quiz.attempts.filter(user=student).first()
    return {
        "teach-home": "/teach/",
        "teach-quizzes": f"/teach/{course.slug}/quizzes/",
        "teach-quiz-new": f"/teach/{course.slug}/quizzes/new/",
        "teach-quiz": f"/teach/{course.slug}/quizzes/{quiz.slug}/",
        "teach-quiz-regrade": f"/teach/{course.slug}/quizzes/{quiz.slug}/regrade/",
        "teach-bank": f"/teach/{course.slug}/questions/",
        "teach-question": f"/teach/{course.slug}/questions/q-single/",
        "teach-question-new-matching": f"/teach/{course.slug}/questions/new/matching/",
        "teach-question-preview": f"/teach/{course.slug}/questions/q-ordering/preview/",
        "teach-import": f"/teach/{course.slug}/questions/import/",
        "teach-authors": f"/teach/{course.slug}/authors/",
        "dash-classes": "/dashboard/",
        "dash-overview": f"/dashboard/classes/{cohort.pk}/",
        "dash-matrix": f"/dashboard/classes/{cohort.pk}/matrix/",
        "dash-roster": f"/dashboard/classes/{cohort.pk}/roster/",
        "dash-student": f"/dashboard/classes/{cohort.pk}/students/{student.pk}/",
        "dash-quiz-report": f"/dashboard/classes/{cohort.pk}/quizzes/{quiz.pk}/",
        "dash-quiz-regrade": f"/dashboard/classes/{cohort.pk}/quizzes/{quiz.pk}/regrade/",
        "dash-attempt-regrade": f"/dashboard/classes/{cohort.pk}/attempts/{attempt.pk}/regrade/",
    }


def test_no_instructor_page_scrolls_sideways_at_either_width(page, screenshot):
    """Every instructor page is at most as wide as the window at 1366 and at 390 px."""
    site = _site()
    log_in(page, "teacher")
    too_wide = []
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, address in _pages(*site).items():
            page.goto(address)
            document = page.evaluate("document.documentElement.scrollWidth")
            if document > width:
                too_wide.append((name, width, document))
            screenshot(f"instructor-{name}-{width_name}")
    assert too_wide == []


def test_matrix_scrolls_in_its_own_named_region_with_sticky_names(page):
    """On a phone the matrix scrolls inside a focusable, named region; the names column stays in view."""
    course, cohort, _quizzes, _questions = _site()
    log_in(page, "teacher")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/dashboard/classes/{cohort.pk}/matrix/")
    region = page.get_by_role("region", name="Progress matrix")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    name = page.get_by_role("rowheader").first
    before = name.bounding_box()["x"]
    region.focus()
    region.evaluate("e => { e.scrollLeft = 400; }")
    assert region.evaluate("e => e.scrollLeft") > 0
    assert name.bounding_box()["x"] == before
    headers = page.locator(".matrix thead .col-quiz")
    assert headers.count() == 8
    assert headers.all_inner_texts() == [quiz.title for quiz in Quiz.objects.order_by("position", "title")]
    assert all(headers.nth(i).evaluate("e => e.scrollHeight <= e.clientHeight + 1") for i in range(8))


def test_picker_adds_ticked_questions_without_a_reload_and_reorders_by_keyboard(page, screenshot):
    """Filter the bank, tick two, add them: the list updates in place; Up by keyboard moves one and keeps focus."""
    course, first, _ = make_course()
    questions = make_questions(course, first)
    Question.objects.filter(pk=questions["single"].pk).update(stem="Which **security** worry came first?")
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    quiz = make_quiz(course, [], slug="week", title="Week one", published=False)
    log_in(page, "teacher")
    page.goto("/teach/case/quizzes/week/")
    page.evaluate("window.notReloaded = true")
    page.select_option("#id_bank-type", "single")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#picker tbody tr")).to_have_count(1)
    assert page.get_by_label("Which security worry came first?").count() == 1
    page.select_option("#id_bank-type", "")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#picker tbody tr")).to_have_count(7)
    page.get_by_label("Which security worry came first?").check()
    page.get_by_label("Stem of q-short").check()
    page.get_by_role("button", name="Add the ticked questions").click()
    expect(page.locator("#questions li[data-question]")).to_have_count(2)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#live-status").inner_text() == "2 questions added."
    screenshot("instructor-picker-added")
    page.get_by_role("button", name="Move question 2 up").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#questions li[data-question]").first).to_have_attribute(
        "data-question", str(questions["single"].pk))
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move question 1 down"
    assert page.evaluate("window.notReloaded") is True
    assert list(Quiz.objects.get(pk=quiz.pk).quiz_questions.order_by("position").values_list(
        "question__slug", flat=True)) == ["q-single", "q-short"]
    page.get_by_role("button", name="Publish").click()
    page.wait_for_selector(".message")
    assert Quiz.objects.get(pk=quiz.pk).published


def test_publishing_an_empty_quiz_shows_what_it_needs(page):
    """Publishing a quiz without questions leaves it a draft, with the reason on the page."""
    course, _first, _ = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    make_quiz(course, [], slug="empty", title="Empty", published=False)
    log_in(page, "teacher")
    page.goto("/teach/case/quizzes/empty/")
    page.get_by_role("button", name="Publish").click()
    error = page.locator(".message-error")
    assert "It has no questions yet" in error.inner_text()
    assert not Quiz.objects.get(slug="empty").published


def test_editor_rows_radios_and_headings_in_place(page, screenshot):
    """Add and remove option rows in place, one radio for "correct", headings that follow the lesson; it saves."""
    course, first, second = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    log_in(page, "teacher")
    page.goto("/teach/case/questions/new/single/")
    page.evaluate("window.notReloaded = true")
    assert page.get_by_role("region", name="Preview of the question (as students will see it)").count() == 1
    assert page.get_by_role("region", name="Preview of the explanation (as students will see it)").count() == 1
    page.fill("#id_stem", "Which **came** first?")
    for index, text in enumerate(["Security", "Power", "Glory", "Wealth"]):
        page.fill(f"#id_part-{index}-text", text)
    page.get_by_role("button", name="Add a row").click()
    assert page.locator(".part-row").count() == 5
    assert page.evaluate("document.activeElement.id") == "id_part-4-text"
    page.keyboard.type("Honour")
    page.get_by_role("button", name="Remove row 2").click()
    assert page.locator(".part-row").count() == 4
    assert [page.input_value(f"#id_part-{i}-text") for i in range(4)] == ["Security", "Glory", "Wealth", "Honour"]
    page.check("#id_part-3-correct")
    page.check("#id_part-0-correct")
    assert page.locator("input[name=part-correct]:checked").count() == 1
    page.select_option("#id_lesson", "second")
    assert page.locator("#id_anchor option").all_inner_texts() == ["— the top of the lesson —", "Part"]
    page.select_option("#id_lesson", "first")
    page.select_option("#id_anchor", "summary")
    assert page.evaluate("window.notReloaded") is True
    screenshot("instructor-editor-rows")
    page.get_by_role("button", name="Save question").click()
    page.wait_for_url("**/questions/*/")
    question = Question.objects.get(stem="Which **came** first?")
    assert list(question.options.values_list("text", "is_correct")) == [
        ("Security", True), ("Glory", False), ("Wealth", False), ("Honour", False)]
    assert (question.lesson.slug, question.anchor) == ("first", "summary")


def test_picker_and_rows_work_without_javascript(browser, live_server):
    """With JavaScript off, ticking and adding, Up, and "Add a row" all work by posting the form."""
    course, first, _ = make_course()
    make_questions(course, first)
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    quiz = make_quiz(course, [], slug="week", title="Week one", published=False)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, "teacher")
    page.goto("/teach/case/quizzes/week/")
    page.select_option("#id_bank-topic", "theory")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?bank-q=*")
    page.get_by_label("Stem of q-single").check()
    page.get_by_label("Stem of q-short").check()
    page.get_by_role("button", name="Add the ticked questions").click()
    page.wait_for_url("**#questions")
    assert "bank-topic=theory" in page.url
    page.get_by_role("button", name="Move question 2 up").click()
    page.wait_for_load_state()
    assert list(Quiz.objects.get(pk=quiz.pk).quiz_questions.order_by("position").values_list(
        "question__slug", flat=True)) == ["q-single", "q-short"]
    page.goto("/teach/case/questions/new/multiple/")
    page.fill("#id_stem", "Kept while rows change")
    page.fill("#id_part-0-text", "Alpha")
    page.get_by_role("button", name="Add a row").click()
    page.wait_for_load_state()
    assert page.locator(".part-row").count() == 5
    assert (page.input_value("#id_stem"), page.input_value("#id_part-0-text")) == ("Kept while rows change", "Alpha")
    assert not Question.objects.filter(stem="Kept while rows change").exists()
    context.close()
