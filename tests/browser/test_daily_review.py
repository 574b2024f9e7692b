"""A student in real Chromium: reads a lesson, reviews its cards with the
keyboard only, comes back "tomorrow" and finds the right cards due; the
pages at desktop and phone widths."""

import datetime

import pytest

from review import services
from review.cards import card_question
from review.models import Card, CardState, ReviewSettings, StudentCard
from review.selectors import choice_pools
from tests.browser.conftest import log_in
from tests.factories import make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _add_facts(course, lesson):
    from lessons.models import KeyTerm, TimelineEvent
    TimelineEvent.objects.create(course=course, slug="war", date=datetime.date(2008, 8, 8), precision="day",
                                 title="War begins", lesson=lesson)
    TimelineEvent.objects.create(course=course, slug="rose", date=datetime.date(2003, 11, 1), precision="month",
                                 title="Rose Revolution", lesson=lesson)
    TimelineEvent.objects.create(course=course, slug="ussr", date=datetime.date(1991, 1, 1), precision="year",
                                 title="The USSR dissolves", lesson=lesson)
    KeyTerm.objects.create(course=course, slug="security-dilemma", term="Security dilemma", chinese="安全困境",
                           definition="One state's defence looks like a threat to another.", lesson=lesson,
                           anchor="security-dilemma")
    KeyTerm.objects.create(course=course, slug="balance-of-threat", term="Balance of threat",
                           definition="States balance against threats, not power alone.", lesson=lesson)


def _answer_by_keyboard(page, course):
    """Answer the card on the page rightly, with keys only; returns its kind. The key comes from the course's
    data (the card's event or term); a choice is found by its text among those the page shows."""
    card = Card.objects.select_related("event", "term").get(pk=int(page.input_value("input[name=card]")))
    events, terms = choice_pools(course)
    question = card_question(card, seed="any", events=events, terms=terms)  # the key does not depend on the order
    if question.mode == "choice":
        shown = page.locator("#review-form label.option span").all_inner_texts()
        page.keyboard.press(str(shown.index(question.key_text) + 1))  # picks the answer and checks it
    elif question.mode == "text":
        page.keyboard.type(question.accepted[0])
        page.keyboard.press("Enter")
    else:
        year, month, day = question.key_date
        if question.precision == "day":
            page.keyboard.type(str(day))
            page.keyboard.press("Tab")
        if question.precision in ("day", "month"):
            for _ in range(month):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        page.keyboard.type(str(year))
        page.keyboard.press("Enter")
    page.wait_for_selector(".rating-form")
    return question.kind


def test_read_review_by_keyboard_and_come_back_tomorrow(page, screenshot, monkeypatch):
    """Open a lesson; the home page counts its cards; review three new cards twice each with the keyboard (keys
    1–4 and Enter); nothing is left today; tomorrow three new cards are due and none of yesterday's."""
    course, first, _second = make_course()
    _add_facts(course, first)
    student = make_user("reviewer")
    services.cards_sync(course=course)
    ReviewSettings.objects.create(user=student, new_per_day=3)
    log_in(page, "reviewer")
    page.goto(first.get_absolute_url())
    page.goto("/")
    due_link = page.get_by_role("link", name="Daily review: 3 cards due")
    due_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/case/")
    kinds, shots = [], set()
    for step in range(6):
        if page.locator("#review-form").count() == 0:
            break
        if step == 0:
            screenshot("review-card")
        kind = _answer_by_keyboard(page, course)
        kinds.append(kind)
        assert page.locator(".feedback-right").count() == 1, kind
        if kind not in shots:
            shots.add(kind)
            screenshot(f"review-answer-{kind}")
        # Enter takes the suggested (focused) rating; the digit keys work too.
        page.keyboard.press("Enter" if step % 2 else "3")
        page.wait_for_url("**/review/case/")
    assert len(kinds) == 6 and len(set(kinds)) <= 3
    assert page.locator("#review-form").count() == 0
    screenshot("review-done")
    states = StudentCard.objects.filter(user=student)
    assert states.count() == 3 and all(state.state == CardState.REVIEW for state in states)

    tomorrow = services.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(services, "now", lambda: tomorrow)
    page.goto("/")
    assert page.get_by_role("link", name="Daily review: 3 cards due").count() == 1
    page.goto("/review/case/")
    assert page.locator(".count-review").inner_text() == "0 reviews due"
    assert page.locator(".count-new").inner_text() == "3 new"
    shown = int(page.input_value("input[name=card]"))
    assert not StudentCard.objects.filter(user=student, card_id=shown).exists()  # a new card, not yesterday's

    page.set_viewport_size(PHONE)
    screenshot("review-card-phone")
    _answer_by_keyboard(page, course)
    screenshot("review-answer-phone")


def test_a_wrong_answer_can_be_rated_otherwise_by_keyboard(page, screenshot):
    """A wrong typed answer suggests Again (focused); the student presses 4 for Easy and Easy is recorded."""
    course, first, _second = make_course()
    _add_facts(course, first)
    student = make_user("reviewer")
    services.cards_sync(course=course)
    log_in(page, "reviewer")
    page.goto(first.get_absolute_url())
    page.goto("/review/case/")
    card = int(page.input_value("input[name=card]"))
    page.get_by_role("button", name="I don't know: show the answer").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".rating-form")
    assert page.evaluate("document.activeElement.value") == "1"
    screenshot("review-reveal")
    page.keyboard.press("4")
    page.wait_for_url("**/review/case/")
    assert StudentCard.objects.get(user=student, card_id=card).state == CardState.REVIEW


def test_instructor_sees_the_review_panels(page, screenshot):
    """The class overview shows each student's recall and the most-forgotten cards, each linked to its lesson."""
    from core import roles
    from tests.classroom import enrol, review_history
    from tests.factories import make_cohort

    course, first, _second = make_course()
    _add_facts(course, first)
    teacher = make_user("teacher", roles.INSTRUCTORS)
    cohort = make_cohort(course, teacher)
    for n, name in enumerate(["ana", "lin", "sam"]):
        review_history(enrol(cohort, name), course, lapses=n, days_ago=2 + 3 * n)
    log_in(page, "teacher")
    page.goto(f"/dashboard/classes/{cohort.pk}/")
    panel = page.locator("section[aria-labelledby=forgotten-heading]")
    assert panel.get_by_role("link", name="First lesson").count() >= 1
    assert page.locator("section[aria-labelledby=review-heading] tbody tr").count() == 3
    page.locator("section[aria-labelledby=review-heading]").scroll_into_view_if_needed()
    screenshot("dashboard-review-panels")
    page.set_viewport_size(PHONE)
    screenshot("dashboard-review-panels-phone")
