"""A student in real Chromium: logs in, opens a lesson, marks it done."""

import pytest

from lessons.models import LessonProgress
from tests.browser.conftest import log_in
from tests.factories import make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_logs_in_and_reads_a_lesson(page, screenshot):
    """Log in, open the course, open the first lesson, mark it done with the keyboard."""
    course, first, second = make_course()
    student = make_user("reader")
    log_in(page, "reader")
    page.get_by_role("link", name=course.title).click()
    page.get_by_role("link", name="First lesson", exact=True).click()
    assert page.locator("h1").inner_text() == "First lesson"
    assert page.locator(".reader-toc a[href='#security-dilemma']").count() == 1
    screenshot("lesson")
    button = page.get_by_role("button", name="Mark as done and continue")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{second.get_absolute_url()}")
    assert LessonProgress.objects.get(user=student, lesson=first).completed_at is not None
    page.goto(course.get_absolute_url())
    assert "1 of 2 lessons done" in page.content()
    screenshot("outline")
