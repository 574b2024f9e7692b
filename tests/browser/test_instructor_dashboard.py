"""An instructor in real Chromium: the class overview, the progress matrix,
one student, a quiz report; grants extra time; downloads the grades CSV."""

import pytest

from core import roles
from quizzes.models import Accommodation
from tests.browser.conftest import log_in
from tests.classroom import enrol, read, take
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _class():
    course, first, second = make_course()
    questions = make_questions(course, first)
    teacher = make_user("teacher", roles.INSTRUCTORS)
    cohort = make_cohort(course, teacher)
    quiz = make_quiz(course, list(questions.values()), title="Theory, dates and causes", time_limit_minutes=30,
                     attempts_allowed=2)
    people = [("lin", "林", "美華"), ("sam", "Sam", "Carter"), ("nino", "Nino", "Beridze"), ("ana", "Ana", "Lomidze"),
              ("wang", "王", "小明")]
    students = {}
    for n, (username, first_name, last_name) in enumerate(people):
        student = enrol(cohort, username, first_name=first_name, last_name=last_name)
        students[username] = student
        if n < 4:
            read(student, first)
            read(student, second, complete=n % 2 == 0)
            take(quiz, student, wrong_positions=set(range(1, n * 2 + 1)))
    return cohort, quiz, students


def test_instructor_follows_the_class(page, screenshot, tmp_path):
    """Overview → matrix → a student (grant extra time) → quiz report → grades CSV."""
    cohort, quiz, students = _class()
    log_in(page, "teacher")
    page.goto("/dashboard/")
    page.get_by_role("link", name="Class A").first.click()
    assert page.locator("h1").inner_text() == "Class overview"
    assert page.get_by_role("img", name="Students active each day, last 30 days").count() == 1
    page.get_by_text("The numbers as a table").first.click()
    screenshot("dashboard-overview")

    page.get_by_role("link", name="Progress matrix").click()
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader", name="Student").count() == 1
    assert table.get_by_role("rowheader").count() == 5
    screenshot("dashboard-matrix")
    page.get_by_role("link", name="Score").click()
    assert "aria-sort" in page.locator("th.col-num").nth(1).evaluate("e => e.outerHTML")

    page.get_by_role("link", name="Sam Carter").click()
    assert page.locator("h1").inner_text().startswith("Sam Carter")
    page.get_by_label("Extra minutes").fill("20")
    page.get_by_role("button", name="Grant extra time").click()
    page.wait_for_selector(".message-success")
    grant = Accommodation.objects.get()
    assert (grant.user, grant.extra_minutes, grant.granted_by.username) == (students["sam"], 20, "teacher")
    assert "20 extra minutes" in page.content()
    page.locator(".attempt summary").first.click()
    screenshot("dashboard-student")

    page.get_by_role("link", name="Theory, dates and causes").first.click()
    assert page.locator("h1").inner_text() == "Theory, dates and causes"
    assert "Facility index" in page.content() and "Discrimination index" in page.content()
    screenshot("dashboard-quiz-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Grades CSV").click()
    path = tmp_path / "grades.csv"
    download_info.value.save_as(path)
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].endswith('"Theory, dates and causes"')
    assert "林 美華" in text and "王 小明" in text
