"""One course in two editions: the pages show the reader's edition, attempts
record theirs, a student may switch mid-course and mid-attempt, and grades and
item analysis pool both languages unless an instructor filters."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from core import roles
from lessons.models import Cohort, Course, Enrolment, Lesson
from quizzes import grading
from quizzes.models import Attempt, Quiz
from tests.content_tree import CHINESE, write_content
from tests.factories import key_form, make_user

ZH, EN = "zh-hant", "en"


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.fixture
def mini(tmp_path, db):
    """The test course in both editions, except that its causes have no translation."""
    call_command("load_course", str(write_content(tmp_path, chinese=True)), stdout=open("/dev/null", "w"))
    return {"course": Course.objects.get(), "lesson": Lesson.objects.get(), "quiz": Quiz.objects.get()}


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    assert response.status_code == 302
    return Attempt.objects.filter(user__username=response.wsgi_request.user.username).latest("started_at")


def answer_all(client, attempt):
    data = {}
    for response in attempt.responses.all():
        data.update(key_form(response))
    assert client.post(reverse("quizzes:save", args=[attempt.pk]), data).status_code == 302
    assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 302
    attempt.refresh_from_db()
    return attempt


def test_an_attempt_records_its_edition_and_follows_the_reader_after_a_switch(client, mini):
    """Started in Chinese, the attempt says so and shows Chinese; switching to English mid-attempt shows the
    English of the same question with the same tokens, and the answers saved in Chinese stay."""
    student = make_user()
    client.force_login(student)
    speak(client, ZH)
    attempt = start(client, mini["quiz"])
    assert attempt.language == ZH
    first = attempt.responses.get(question__slug="q-first")
    tokens = set(first.shown["tokens"].values())
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "哪一件先發生？" in page and "事件三" in page and "Which came first?" not in page
    assert tokens <= set(re.findall(r'value="([0-9a-f]{10})"', page))
    client.post(reverse("quizzes:save", args=[attempt.pk]), key_form(first))

    speak(client, EN)
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Which came first?" in page and "Event three" in page and "哪一件先發生？" not in page
    assert tokens <= set(re.findall(r'value="([0-9a-f]{10})"', page))
    token = first.shown["tokens"]["2"]  # "Event one", saved in Chinese
    assert re.search(rf'value="{token}"[^>]*checked', page)
    attempt.refresh_from_db()
    assert attempt.language == ZH


def test_an_attempt_in_chinese_grades_as_in_english_and_reviews_in_chinese(client, mini):
    """The key is one: right answers given in the Chinese edition score full marks, and the review is Chinese."""
    client.force_login(make_user())
    speak(client, ZH)
    attempt = answer_all(client, start(client, mini["quiz"]))
    assert (attempt.score, attempt.max_score, attempt.language) == (5, 5, ZH)
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "依日期。" in review and "迷你測驗" in review and "By date." not in review


def test_progress_attempts_and_grades_stay_one_when_a_student_switches_language(client, mini):
    """A lesson done and a quiz taken in English are done and graded in the Chinese pages too."""
    student = make_user()
    client.force_login(student)
    lesson = mini["lesson"]
    client.post(reverse("lessons:lesson-complete", args=["mini", "intro", "hello"]))
    answer_all(client, start(client, mini["quiz"]))
    speak(client, ZH)
    outline = client.get(reverse("lessons:course", args=["mini"])).content.decode()
    assert re.search(r'status-completed">\s*<span class="status-dot" aria-hidden="true"></span>\s*'
                     rf'<a href="{lesson.get_absolute_url()}">你好</a>', outline)
    quiz_page = client.get(reverse("quizzes:quiz", args=["mini", "mini-quiz"]))
    assert quiz_page.context["summary"].grade == 100 and len(quiz_page.context["summary"].attempts) == 1
    second = answer_all(client, start(client, mini["quiz"]))
    assert (second.number, second.language) == (2, ZH)
    assert list(Attempt.objects.filter(user=student).order_by("number").values_list("language", flat=True)) == [EN, ZH]


def test_a_lesson_shows_the_edition_of_the_reader(client, mini):
    """In Chinese the lesson's title, objectives and body are the translation, with no fallback note."""
    client.force_login(make_user())
    speak(client, ZH)
    page = client.get(mini["lesson"].get_absolute_url()).content.decode()
    assert "<h1>你好</h1>" in page and "說你好。" in page and "中文的內容。" in page
    assert "Original text." not in page and "edition-note" not in page
    assert "令他國不安的防衛。" in page  # the term's tip, in the glossary's edition


def test_a_part_with_no_translation_falls_back_to_english_marked_as_english(client, tmp_path, db):
    """A lesson with no variant is shown in English inside lang="en" with a visible note, in the Chinese pages."""
    files = {name: text for name, text in CHINESE.items() if not name.endswith(".md")}
    root = write_content(tmp_path)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    call_command("load_course", str(root), stdout=open("/dev/null", "w"))
    client.force_login(make_user())
    speak(client, ZH)
    page = client.get(Lesson.objects.get().get_absolute_url()).content.decode()
    assert 'class="edition-note"' in page
    assert '<h1 lang="en">Hello</h1>' in page and '<div class="lesson-body" lang="en">' in page
    assert "Original text." in page
    speak(client, EN)
    assert "edition-note" not in client.get(Lesson.objects.get().get_absolute_url()).content.decode()


def test_the_glossary_shows_both_terms_each_marked_with_its_language(client, mini):
    """Both editions name each term in Chinese and in English; the other language's term carries its lang."""
    url = reverse("lessons:glossary", args=["mini"])
    speak(client, ZH)
    page = client.get(url).content.decode()
    assert '<dt>安全困境 <span class="other-term" lang="en">Security dilemma</span></dt>' in page
    assert "令他國不安的防衛。" in page
    speak(client, EN)
    page = client.get(url).content.decode()
    assert '<dt lang="en">Security dilemma <span class="chinese" lang="zh-Hant">安全困境</span></dt>' in page
    assert "Defence that alarms others." in page


def test_the_timeline_reads_in_the_readers_edition_with_dates_in_its_form(client, mini):
    """Chinese: 1991年, 1992年6月, 2008年8月8日 and the translated events; English: ISO dates."""
    url = reverse("lessons:timeline", args=["mini"])
    speak(client, ZH)
    page = client.get(url).content.decode()
    for text in ('<time datetime="1991">1991年</time>', '<time datetime="1992-06">1992年6月</time>',
                 '<time datetime="2008-08-08">2008年8月8日</time>', "事件二", "第二。"):
        assert text in page
    speak(client, EN)
    page = client.get(url).content.decode()
    assert '<time datetime="1992-06">1992-06</time>' in page and "Event two" in page


@pytest.mark.parametrize("typed", ["1992年6月", "１９９２年６月", "1992-06", "1992 年 6 月"])
def test_a_date_typed_whole_in_chinese_form_or_iso_is_read(client, mini, typed):
    """The date question (month precision) accepts the date written whole in the year box."""
    client.force_login(make_user())
    speak(client, ZH)
    attempt = start(client, mini["quiz"])
    position = attempt.responses.get(question__slug="q-date").position
    client.post(reverse("quizzes:save", args=[attempt.pk]), {f"q{position}-year": typed})
    saved = attempt.responses.get(position=position)
    assert saved.answer == {"year": 1992, "month": 6, "day": None}


def test_chinese_short_answers_fold_widths_quotes_and_the_name_dot():
    """Full-width letters, 「」 quotes and the Taiwanese name dot ‧ do not make a right answer wrong."""
    assert grading.grade_short("「南奧塞提亞」", ["南奧塞提亞"]) == 1.0
    assert grading.grade_short("米哈伊爾‧薩卡希維利", ["米哈伊爾·薩卡希維利"]) == 1.0
    assert grading.grade_short("ＳＯＵＴＨ　ＯＳＳＥＴＩＡ", ["South Ossetia"]) == 1.0
    assert grading.grade_short("北奧塞提亞", ["南奧塞提亞"]) == 0.0


@pytest.fixture
def two_editions(client, mini):
    """A class whose one student answered everything right in English and whose other answered in Chinese."""
    instructor = make_user("teacher", roles.INSTRUCTORS)
    cohort = Cohort.objects.create(course=mini["course"], name="Class", join_code="JOIN2008")
    cohort.instructors.add(instructor)
    for name, language in (("english", EN), ("chinese", ZH)):
        student = make_user(name)
        Enrolment.objects.create(user=student, course=mini["course"], cohort=cohort)
        client.force_login(student)
        speak(client, language)
        answer_all(client, start(client, mini["quiz"]))
    client.force_login(instructor)
    speak(client, EN)
    return cohort


def test_item_analysis_pools_both_languages_and_the_report_can_filter(client, mini, two_editions):
    """Each question's analysis counts the English and the Chinese answer; ?language= keeps one edition."""
    url = reverse("dashboard:quiz-report", args=[two_editions.pk, mini["quiz"].pk])
    rows = client.get(url).context["report"]["questions"]
    assert sorted(row["answered"] for row in rows) == [2] * 5
    for language in (ZH, EN):
        rows = client.get(url, {"language": language}).context["report"]["questions"]
        assert sorted(row["answered"] for row in rows) == [1] * 5


def test_the_dashboards_filter_attempts_by_language(client, mini, two_editions):
    """Overview, matrix and student detail keep one edition's attempts when asked; both otherwise."""
    overview = reverse("dashboard:overview", args=[two_editions.pk])
    assert client.get(overview).context["data"]["quizzes"][0]["students"] == 2
    assert client.get(overview, {"language": ZH}).context["data"]["quizzes"][0]["students"] == 1
    assert client.get(overview, {"language": "klingon"}).context["data"]["quizzes"][0]["students"] == 2
    chinese = Attempt.objects.get(language=ZH).user
    detail = reverse("dashboard:student", args=[two_editions.pk, chinese.pk])
    assert client.get(detail, {"language": EN}).context["detail"]["quizzes"][0]["used"] == 0
    assert client.get(detail, {"language": ZH}).context["detail"]["quizzes"][0]["used"] == 1
    matrix = client.get(reverse("dashboard:matrix", args=[two_editions.pk]), {"language": EN})
    grades = {row.student.username: [c["grade"] for c in row.cells if c["kind"] == "quiz"]
              for row in matrix.context["data"]["rows"]}
    assert grades == {"english": [100.0], "chinese": [None]}
    assert 'name="language"' in matrix.content.decode()


def test_a_bare_term_link_shows_the_chinese_term_in_the_chinese_edition(client, tmp_path, db):
    """`[[security-dilemma]]` in a Chinese lesson reads 安全困境, the glossary's Chinese form."""
    name = "lessons/1-intro/01-hello.zh-hant.md"
    root = write_content(tmp_path, {name: CHINESE[name].replace("[[security-dilemma|困境]]", "[[security-dilemma]]")},
                         chinese=True)
    call_command("load_course", str(root), stdout=open("/dev/null", "w"))
    client.force_login(make_user())
    speak(client, ZH)
    page = client.get(Lesson.objects.get().get_absolute_url()).content.decode()
    assert re.search(r'<a class="term" [^>]*>安全困境</a>', page)
