"""The attempt page in real Chromium: the question navigator and flags, live
with JavaScript and drawn from saved answers without it; and the sticky
Save/Finish bar, which must never cover the element that has focus
(WCAG 2.2, 2.4.11 Focus Not Obscured) on a desktop or a phone."""

import time

import pytest

from quizzes.models import Attempt
from tests.browser.answering import ORDER, wait_saved
from tests.browser.conftest import log_in
from tests.factories import make_course, make_questions, make_quiz, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start(page, username, **settings):
    course, first, _ = make_course()
    questions = make_questions(course, first)
    quiz = make_quiz(course, [questions[t] for t in ORDER], title="Every type", **settings)
    student = make_user(username)
    log_in(page, username)
    page.goto(quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/")
    return Attempt.objects.get(user=student)


def eventually(check, seconds=10):
    """Poll the database until `check()` holds (an autosave runs 0.6 s after a change)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not saved in time"
        time.sleep(0.1)


def test_navigator_counts_answers_and_flags_live_and_jumps(page, screenshot):
    """Answering and flagging update the navigator at once (count, states in text); a link jumps to its question
    and is marked aria-current; the flag persists and the submit page lists it."""
    attempt = start(page, "mapper")
    nav = page.get_by_role("navigation", name="Questions")
    assert nav.locator("li a").count() == 7
    assert nav.locator("#answered-count").inner_text() == "0"
    single = attempt.responses.get(snapshot__type="single").position
    box = page.locator(f"#question-{single}")
    box.get_by_label("Security").check()
    wait_saved(page)
    link = nav.get_by_role("link", name=f"Question {single}, answered")
    assert link.count() == 1 and nav.locator("#answered-count").inner_text() == "1"
    short = attempt.responses.get(snapshot__type="short").position
    flag = page.locator(f"#question-{short}").get_by_label("Flag: come back to this question")
    flag.focus()
    page.keyboard.press("Space")
    flagged = nav.get_by_role("link", name=f"Question {short}, not answered, flagged")
    assert flagged.count() == 1  # at once, before any save
    eventually(lambda: attempt.responses.get(position=short).flagged)
    screenshot("attempt-navigator")
    page.evaluate("window.scrollTo(0, 0)")
    top = f"document.getElementById('question-{short}').getBoundingClientRect().top"
    assert page.evaluate(top) > 900  # out of sight below
    flagged.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#question-{short}")
    assert flagged.get_attribute("aria-current") == "location"
    assert 0 <= page.evaluate(top) < 900 - page.locator(".attempt-actions").bounding_box()["height"]
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("attempt-navigator-phone")
    page.get_by_role("button", name="Finish and submit…").click()
    page.wait_for_url("**/submit/")
    assert page.locator(".flagged-list").inner_text() == f"You flagged 1 question to come back to: question {short}."
    screenshot("attempt-submit-flagged")


def test_navigator_and_flags_work_without_javascript(browser, live_server):
    """With JavaScript off, a flag ticked and saved with the Save button shows in the navigator after the reload."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        attempt = start(page, "nojs")
        page.locator("#question-2").get_by_label("Flag: come back to this question").check()
        page.get_by_role("button", name="Save answers").click()
        page.wait_for_load_state()
        nav = page.get_by_role("navigation", name="Questions")
        assert nav.get_by_role("link", name="Question 2, not answered, flagged").count() == 1
        assert list(attempt.responses.filter(flagged=True).values_list("position", flat=True)) == [2]
    finally:
        context.close()


def obscured_stops(page, stops=400):
    """Tab from the top through every focusable element; return those that end under the sticky bar."""
    page.reload()  # focus starts from the top of the page
    hidden, seen = [], []
    for _ in range(stops):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => {
            const el = document.activeElement, bar = document.querySelector('.attempt-actions');
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
            return {id: (el.name || el.id || el.textContent.trim().slice(0, 30)) + '@' + Math.round(r.top),
                    inBar: bar.contains(el), bottom: r.bottom, top: r.top, barTop: b.top,
                    footer: !!el.closest('.site-footer')};
        }""")
        if stop is None or stop["footer"]:
            break
        seen.append(stop)
        if not stop["inBar"] and stop["bottom"] > stop["barTop"] + 0.5 and stop["top"] < stop["barTop"] + 200:
            hidden.append(stop)
    return seen, hidden


@pytest.mark.parametrize("size,timed", [((1280, 900), False), ((390, 844), False), ((390, 844), True)],
                         ids=["desktop", "phone", "phone-timed"])
def test_no_focused_element_ends_under_the_save_bar(page, screenshot, size, timed):
    """Tabbing through every focusable element of a long attempt (timed too, with its timer above), none ends
    behind the sticky Save/Finish bar, and on a phone the bar stays compact (one line of status, under 100 px)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    start(page, "tabber", **({"time_limit_minutes": 30} if timed else {}))
    page.locator("#question-1 input").first.check()
    wait_saved(page)
    seen, hidden = obscured_stops(page)
    assert len(seen) > 40  # the whole page was walked, not only its header
    assert hidden == []
    page.locator("#question-2 input").first.check()
    wait_saved(page)
    bar = page.locator(".attempt-actions").bounding_box()
    status = page.locator("#save-status").bounding_box()
    if size[0] == 390:
        assert bar["height"] < 100 and status["height"] < 24, (bar, status)
    screenshot(f"attempt-bar-{size[0]}{'-timed' if timed else ''}")
