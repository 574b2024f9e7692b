"""The whole interface in Traditional Chinese in real Chromium, on a desktop
(1280 px) and a phone (390 px): a browser that asks for zh-TW gets Chinese; a
student joins, reads, takes and reviews a quiz (the autosave's words come
from the JavaScript catalog) and switches to English and back without losing
the page; an instructor opens the teaching area and the class dashboards.
Screenshots of every step go to test-artifacts/screenshots/zh-*.png."""

import re

import pytest
from django.urls import reverse

from core import roles
from lessons.models import Enrolment, LessonProgress
from quizzes.models import Attempt
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user
from tests.i18n.chinese import content_in_chinese

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def zh(request, browser, live_server):
    """A page in a Chinese (Taiwan) browser at the parametrized width; a CSP violation fails the test."""
    name = request.param
    context = browser.new_context(viewport={"width": WIDTHS[name], "height": 900}, base_url=live_server.url,
                                  locale="zh-TW")
    violations = []
    context.on("console", lambda msg: violations.append(msg.text)
               if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page = context.new_page()
    page.set_default_timeout(20_000)

    def shot(step: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"zh-{name}-{step}.png"), full_page=True)

    page.shot = shot
    yield page
    context.close()
    assert not violations, violations


def _course():
    course, first, second = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    cohort = make_cohort(course, teacher, code="JOIN2008")
    questions = make_questions(course, first)
    make_quiz(course, [questions["single"], questions["truefalse"], questions["short"]])
    content_in_chinese(course)
    return course, cohort, first, second


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("使用者名稱").fill(username)
    page.get_by_label("密碼").fill("pw-for-tests-123")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/")


def assert_chinese_type(page):
    """The page says zh-Hant and its text is drawn with a Traditional Chinese font that is really there."""
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    family = page.locator("body").evaluate("b => getComputedStyle(b).fontFamily")
    assert family.startswith('"PingFang TC", "Noto Sans CJK TC"'), family
    assert page.locator("body").evaluate("b => document.fonts.check('16px \"Noto Sans CJK TC\"', '課程')")
    line_height = page.locator("body").evaluate("b => parseFloat(getComputedStyle(b).lineHeight) / "
                                                "parseFloat(getComputedStyle(b).fontSize)")
    assert round(line_height, 1) == 1.8


def test_student_journey_in_chinese(zh, live_server):
    """Join, read, mark done, take a quiz with autosave, submit, review; switch to English and back on the same page."""
    course, cohort, first, second = _course()
    student = make_user("learner")
    page = zh

    page.goto("/")
    assert_chinese_type(page)
    assert page.locator(".header-tools").get_by_role("link", name="登入", exact=True).count() == 1
    page.shot("1-home")

    log_in(page, "learner")
    page.goto("/join/")
    page.get_by_label("班級代碼").fill("JOIN2008")
    page.get_by_role("button", name="加入", exact=True).click()
    page.wait_for_url(f"**{course.get_absolute_url()}")
    assert Enrolment.objects.get(user=student).cohort == cohort
    assert page.get_by_text("你已加入").count() == 1
    page.shot("2-course")

    page.get_by_role("link", name="第1課").first.click()
    assert page.get_by_role("heading", name="學完這一課，你能夠").count() == 1
    page.shot("3-lesson")
    page.get_by_role("button", name="標示為完成並繼續").click()
    page.wait_for_url(f"**{second.get_absolute_url()}")
    assert LessonProgress.objects.get(user=student, lesson=first).completed_at

    page.goto(reverse("quizzes:quiz", args=[course.slug, "quiz"]))
    page.get_by_role("button", name="開始測驗").click()
    page.wait_for_url("**/attempts/*/")
    attempt = Attempt.objects.get(user=student)
    truefalse = attempt.responses.get(snapshot__type="truefalse").position
    page.locator(f"#question-{truefalse}").get_by_label("是", exact=True).check()
    # The autosave's status comes from the JavaScript catalog, in Chinese.
    page.locator("#save-status", has_text=re.compile(r"已於 .+ 儲存")).wait_for()
    page.shot("4-attempt")

    page.get_by_role("button", name="完成並繳交…").click()
    assert page.get_by_role("heading", name="要繳交你的答案嗎？").count() == 1
    page.shot("5-submit")
    page.get_by_role("button", name="立即繳交").click()
    page.wait_for_url("**/review/")
    assert page.get_by_role("heading", name="你的結果").count() == 1
    page.shot("6-review")

    # The switch: a plain form; it comes back to the same page, in English, then in Chinese again.
    review_url = page.url
    page.get_by_label("語言").select_option("en")
    page.get_by_role("button", name="切換").click()
    page.wait_for_url(review_url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Your results").count() == 1
    page.get_by_label("Language").select_option("zh-hant")
    page.get_by_role("button", name="Go").click()
    page.wait_for_url(review_url)
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert student.language_preference.language == "zh-hant"

    page.goto(f"/review/{course.slug}/")
    page.shot("7-daily-review")
    page.goto(reverse("lessons:timeline", args=[course.slug]))
    page.shot("8-timeline")


def test_instructor_area_and_dashboards_in_chinese(zh, live_server):
    """Teaching home, question bank, a question's form, the class overview with its chart, the matrix, a quiz report."""
    course, cohort, first, second = _course()
    page = zh
    log_in(page, "teacher")
    page.get_by_role("link", name="教學").click()
    assert page.locator("h1").inner_text() == "教學"
    assert_chinese_type(page)
    page.shot("10-teaching")

    page.get_by_role("link", name="題庫").first.click()
    page.shot("11-question-bank")
    page.goto(f"/teach/{course.slug}/questions/new/single/")
    page.shot("12-question-form")

    page.goto("/dashboard/")
    page.get_by_role("link", name="甲班").first.click()
    assert page.locator("h1").inner_text() == "班級總覽"
    assert page.get_by_role("img", name="最近 30 天每日活躍的學生").count() == 1
    page.shot("13-dashboard-overview")
    page.get_by_role("link", name="進度矩陣").click()
    assert page.get_by_role("table").get_by_role("columnheader", name="學生").count() == 1
    page.shot("14-dashboard-matrix")
    page.get_by_role("link", name="學生名單").click()
    page.shot("15-dashboard-roster")
