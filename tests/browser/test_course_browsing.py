"""The real course in Chromium: a lesson with its glossary terms (definition
shown on keyboard focus), the glossary, the timeline, and the map, tables and
charts page."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.models import Quiz
from quizzes.services import attempt_start
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_student_browses_the_whole_course(page, screenshot):
    """The real course as a student: outline, resume link and due date, a term on focus, glossary, timeline, figures."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    reader = make_user("reader")
    first, second = Quiz.objects.published().order_by("position", "title")[:2]
    attempt = attempt_start(quiz=first, user=reader)
    second.closes_at = timezone.now() + datetime.timedelta(days=2, hours=3)
    second.save(update_fields=["closes_at"])
    log_in(page, "reader")
    page.goto("/courses/russo-georgian-war-2008/")
    assert page.locator(".lesson-row").count() >= 25
    resume = page.get_by_role("link", name="in progress — resume")
    assert resume.count() == 1 and resume.get_attribute("href") == attempt.get_absolute_url()
    assert page.locator(".quiz-due").first.inner_text().startswith("due in 2\xa0days · closes ")
    screenshot("course-outline")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("course-outline-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="The arguments of defensive realism").click()
    term = page.locator("a.term").first
    term.focus()
    tip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    assert tip.is_visible() and len(tip.inner_text()) > 20  # the definition shows on focus
    screenshot("course-lesson")

    page.goto("/courses/russo-georgian-war-2008/glossary/")
    assert page.locator(".glossary-entry").count() >= 30
    screenshot("course-glossary")
    page.goto("/courses/russo-georgian-war-2008/timeline/")
    assert page.locator(".timeline-event").count() >= 60
    screenshot("course-timeline")
    page.goto("/courses/russo-georgian-war-2008/figures/")
    assert page.locator("table").count() >= 5 and page.locator("svg.bar-chart").count() == 2
    assert page.locator("img[alt*='Abkhazia']").evaluate("img => img.naturalWidth") > 0  # the map loads
    screenshot("course-figures")
