"""Reading the real course on a phone (390 × 844) and a desktop: the side
panels fold on a phone and open beside the text on a desktop, the lesson
lists its chapter's lessons and links its chapter, a glossary term shows its
definition in place (Esc closes it), and the glossary and the timeline can be
searched (in place, and with ?q= without JavaScript), indexed A–Z and jumped
through by period."""

from pathlib import Path

import pytest
from django.core.management import call_command

from lessons.models import Lesson
from tests.browser.conftest import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CONTENT = Path(__file__).resolve().parents[2] / "content"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
COURSE = "/courses/russo-georgian-war-2008"


@pytest.fixture
def reader(page):
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    make_user("phone-reader")
    log_in(page, "phone-reader")
    return page


def a_lesson_with_terms() -> Lesson:
    return Lesson.objects.filter(body__contains="[[").select_related("chapter__course").order_by(
        "chapter__number", "position")[1]


def test_lesson_panels_fold_on_a_phone_and_the_chapter_is_listed(reader, screenshot):
    """On a phone the headings and the chapter's lessons are folded (the text starts near the top) and open
    with a tap; on a desktop they are open; the current lesson is marked and "Chapter N" links to the outline."""
    page = reader
    lesson = a_lesson_with_terms()
    page.set_viewport_size(PHONE)
    page.goto(lesson.get_absolute_url())
    toc = page.locator("details.reader-panel").first
    assert toc.get_attribute("open") is None
    assert page.locator("article.lesson h1").bounding_box()["y"] < 500  # not pushed down by the headings
    screenshot("lesson-phone")
    toc.locator("summary").click()
    assert toc.locator("nav a").first.is_visible()
    chapter = page.locator("details.reader-panel").last
    chapter.locator("summary").click()
    current = chapter.locator("a[aria-current=page]")
    assert current.inner_text() == lesson.title
    siblings = Lesson.objects.published().filter(chapter=lesson.chapter).count()
    assert chapter.locator("li").count() == siblings > 1
    screenshot("lesson-phone-panels-open")
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert all(panel.get_attribute("open") is not None for panel in page.locator("details.reader-panel").all())
    screenshot("lesson-desktop")
    crumb = page.get_by_role("navigation", name="Breadcrumbs").get_by_role(
        "link", name=f"Chapter {lesson.chapter.number}")
    crumb.click()
    page.wait_for_url(f"**{COURSE}/#chapter-{lesson.chapter.number}")
    assert page.locator(f"#chapter-{lesson.chapter.number}").is_visible()


def test_a_tapped_term_shows_its_definition_in_place_and_esc_closes_it(reader, screenshot):
    """Tapping a term on a phone stays on the lesson and shows the definition with a link to the glossary;
    Esc closes it; Enter on a focused term opens it too, and Esc hides even a definition shown on focus."""
    page = reader
    lesson = a_lesson_with_terms()
    page.set_viewport_size(PHONE)
    page.goto(lesson.get_absolute_url())
    term = page.locator("a.term").first
    tip = page.locator(f"#{term.get_attribute('aria-describedby')}")
    term.scroll_into_view_if_needed()
    term.click()
    assert page.url.endswith(lesson.get_absolute_url())  # still on the lesson
    assert tip.is_visible() and term.get_attribute("aria-expanded") == "true"
    more = tip.get_by_role("link", name="Open in the glossary")
    assert more.get_attribute("href") == term.get_attribute("href")
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # inside the screen
    screenshot("lesson-term-phone")
    page.keyboard.press("Escape")
    assert tip.is_hidden() and term.get_attribute("aria-expanded") == "false"
    page.set_viewport_size(DESKTOP)
    # Leave the term (mouse away, focus elsewhere) and come back to it, so that it is a fresh focus: the term
    # clicked above is still focused and dismissed, and whether the resize moved it from under the mouse
    # depends on timing.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    term.focus()
    assert tip.is_visible()  # shown on focus, as before
    page.keyboard.press("Escape")
    assert tip.is_hidden()  # dismissed without moving focus
    page.keyboard.press("Enter")
    assert tip.is_visible() and page.url.endswith(lesson.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Open in the glossary"
    page.keyboard.press("Escape")
    assert tip.is_hidden() and page.evaluate("document.activeElement.classList.contains('term')")


def test_glossary_search_and_a_to_z(reader, screenshot):
    """Typing in the glossary's search box filters the terms in place; the A–Z index jumps to a letter."""
    page = reader
    page.set_viewport_size(PHONE)
    page.goto(f"{COURSE}/glossary/")
    total = page.locator(".glossary-entry").count()
    assert total >= 30
    screenshot("glossary-phone")
    page.get_by_label("Search the glossary").fill("realism")
    visible = page.locator(".glossary-entry:visible")
    assert 0 < visible.count() < total
    assert all("realism" in text.lower() for text in visible.all_inner_texts())
    assert page.locator(".search-count").inner_text() == f"Terms shown: {visible.count()}"
    screenshot("glossary-search-phone")
    page.get_by_label("Search the glossary").fill("")
    index = page.get_by_role("navigation", name="Terms from A to Z")
    index.get_by_role("link", name="S", exact=True).click()
    page.wait_for_url("**#letter-S")
    heading = page.locator("#letter-S-title")
    assert 0 <= heading.bounding_box()["y"] < 200
    page.set_viewport_size(DESKTOP)
    page.goto(f"{COURSE}/glossary/")
    screenshot("glossary-desktop")


def test_timeline_search_and_jump_to_a_period(reader, screenshot):
    """The timeline filters as one types, and "Jump to a period" scrolls to that decade."""
    page = reader
    page.set_viewport_size(PHONE)
    page.goto(f"{COURSE}/timeline/")
    total = page.locator(".timeline-event").count()
    screenshot("timeline-phone")
    page.get_by_label("Search the timeline").fill("Kosovo")
    visible = page.locator(".timeline-event:visible")
    assert 0 < visible.count() < total
    assert all("kosovo" in text.lower() for text in visible.all_inner_texts())
    assert page.locator(".timeline-year-group:visible").count() < page.locator(".timeline-year-group").count()
    page.get_by_label("Search the timeline").fill("")
    periods = page.get_by_role("navigation", name="Jump to a period")
    periods.get_by_role("link", name="1990–1999").click()
    page.wait_for_url("**#decade-1990")
    year = page.locator("#decade-1990 .timeline-year")
    assert year.inner_text().startswith("199") and 0 <= year.bounding_box()["y"] < 200
    page.set_viewport_size(DESKTOP)
    page.goto(f"{COURSE}/timeline/")
    screenshot("timeline-desktop")


def test_glossary_and_timeline_search_without_javascript(browser, live_server):
    """With JavaScript off, the search form asks the server: ?q= shows only what matches."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{COURSE}/glossary/")
        page.get_by_label("Search the glossary").fill("realism")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/glossary/?q=realism")
        entries = page.locator(".glossary-entry").all_inner_texts()
        assert entries and all("realism" in text.lower() for text in entries)
        assert "match “realism”" in page.locator(".search-count").inner_text()
        page.goto(f"{COURSE}/timeline/?q=Kosovo")
        events = page.locator(".timeline-event").all_inner_texts()
        assert events and all("kosovo" in text.lower() for text in events)
    finally:
        context.close()
