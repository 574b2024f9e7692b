"""Every student page of the real course fits a 390 px phone: the document
is never wider than the window (no sideways scrolling of the whole page);
and the header's Sign up button is readable before it is hovered."""

from pathlib import Path

import pytest
from django.core.management import call_command

from lessons.models import Lesson
from quizzes.models import Quiz
from tests.browser.accessibility import contrast
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = Path(__file__).resolve().parents[2] / "content"
COURSE = "/courses/russo-georgian-war-2008"


def overflow(page) -> int:
    """How many pixels the document is wider than the window (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_student_page_scrolls_sideways_on_a_phone(page, screenshot):
    """At 390 px, the public pages, every lesson, the glossary, timeline and figures, a quiz, an attempt, its
    submit page and review, My progress, joining a class and the daily review are no wider than the window."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    make_user("narrow")
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}

    def visit(url):
        page.goto(url)
        if overflow(page) > 0:
            wide[url] = overflow(page)

    for url in ("/", "/accounts/login/", "/accounts/signup/", f"{COURSE}/"):
        visit(url)
    log_in(page, "narrow")
    lessons = Lesson.objects.published().filter(chapter__course__slug=COURSE.rsplit("/", 1)[1])
    assert lessons.count() >= 25
    for url in ["/", f"{COURSE}/", f"{COURSE}/glossary/", f"{COURSE}/timeline/", f"{COURSE}/figures/",
                "/quizzes/progress/", "/join/", "/review/settings/"] + [lesson.get_absolute_url() for lesson in lessons]:
        visit(url)
    visit(f"/review{COURSE.replace('/courses', '')}/")
    quiz = Quiz.objects.published().order_by("position", "title").first()
    visit(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    visit(page.url)
    screenshot("attempt-real-phone")
    page.get_by_role("button", name="Finish and submit…").click()
    page.wait_for_url("**/submit/")
    visit(page.url)
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")
    visit(page.url)
    assert wide == {}


def test_sign_up_button_is_readable_before_hover(page, screenshot):
    """The header's Sign up button: its text contrasts with its background at least 4.5:1, unhovered."""
    page.goto("/")
    button = page.locator(".site-header a.button", has_text="Sign up")
    page.mouse.move(0, 500)
    assert contrast(button) >= 4.5
    screenshot("header-sign-up")
