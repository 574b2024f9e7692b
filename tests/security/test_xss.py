"""A corpus of XSS payloads in every field that reaches a page, as Markdown
or as plain text: every page shows them harmless, and so does the editor's
preview."""


import pytest
from django.test import Client
from django.urls import reverse

from core import roles
from lessons.models import Cause, DataTable, KeyTerm, TimelineEvent
from lessons.services import enrolment_create
from quizzes.models import FeedbackTiming
from quizzes.services import attempt_start, attempt_submit
from tests.factories import key_as_answer, make_cohort, make_course, make_questions, make_quiz, make_user
from tests.security.xss import assert_harmless

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "[click](javascript:alert('x3'))",
    "![img](javascript:alert('x4'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDUnKTwvc2NyaXB0Pg==)",
    '[t](https://ok.example "x\\" onmouseover=\\"alert(\'x6\'))',
    '![a" onerror="alert(\'x7\')](https://ok.example/a.png)',
    "```\n</code><script>alert('x8')</script>\n```",
    "<svg><script>alert('x9')</script></svg>",
    "<svg onload=alert('x10')>",
    "<a href='jav&#x09;ascript:alert(\"x11\")'>tab</a>",
    "<iframe src=javascript:alert('x12')></iframe>",
    "<math><mi xlink:href='javascript:alert(\"x13\")'>m</mi></math>",
    "<style>@import 'javascript:alert(\"x14\")';</style>",
    '"><script>alert("x15")</script>',
]
CORPUS = "\n\n".join(PAYLOADS)
# Elements our own templates never emit (except charts and meters, see below).
@pytest.fixture
def poisoned(db):
    course, lesson, second = make_course()
    short = PAYLOADS[1] + PAYLOADS[15 - 1]
    course.title, course.summary = short, CORPUS
    course.save()
    lesson.chapter.title = lesson.chapter.summary = short
    lesson.chapter.save()
    lesson.title, lesson.objectives = short, CORPUS
    lesson.body = lesson.body + "\n\n" + CORPUS
    lesson.save()
    KeyTerm.objects.create(course=course, slug="security-dilemma", term=short, chinese=short, definition=CORPUS,
                           lesson=lesson)
    TimelineEvent.objects.create(course=course, slug="e", date="2008-08-08", precision="day", title=short,
                                 description=CORPUS, lesson=lesson)
    Cause.objects.create(course=course, slug="c", kind="distant", title=short, text=CORPUS, lesson=lesson)
    DataTable.objects.create(course=course, slug="table-4-5", number="4-5", caption=short, source=short,
                             lesson=lesson, columns=["Year", short], rows=[[short, 1], ["2008", 2]])
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course.authors.add(teacher)
    cohort = make_cohort(course, teacher)
    cohort.name = short
    cohort.save()
    student = make_user("student")
    student.first_name = short
    student.save()
    enrolment_create(user=student, course=course, cohort=cohort)
    questions = make_questions(course, lesson)
    for question in questions.values():
        question.stem = question.explanation = CORPUS
        question.save()
        question.options.update(text=CORPUS, feedback=CORPUS)
        question.ordering_items.update(text=short)
        question.match_pairs.update(item=short)
        question.accepted_answers.update(text=short)
    quiz = make_quiz(course, list(questions.values()), title=short, description=CORPUS,
                     feedback_timing=FeedbackTiming.AFTER_SUBMIT)
    done = attempt_start(quiz=quiz, user=student)
    for response in done.responses.all():
        response.answer = key_as_answer(response.snapshot)
        response.save()
    attempt_submit(attempt=done)
    open_attempt = attempt_start(quiz=quiz, user=student)
    return {"course": course, "lesson": lesson, "quiz": quiz, "done": done, "open": open_attempt,
            "student": student, "teacher": teacher, "cohort": cohort, "questions": questions}


def test_every_page_shows_the_payloads_harmless(poisoned):
    """Every page a student or the teacher loads shows the script payloads in the content as harmless text."""
    p = poisoned
    student_pages = [
        "/", p["course"].get_absolute_url(), p["lesson"].get_absolute_url(),
        reverse("lessons:glossary", args=["case"]), reverse("lessons:timeline", args=["case"]),
        reverse("lessons:figures", args=["case"]), p["quiz"].get_absolute_url(), reverse("quizzes:progress"),
        p["open"].get_absolute_url(), reverse("quizzes:submit", args=[p["open"].pk]),
        reverse("quizzes:review", args=[p["done"].pk]),
    ]
    client = Client()
    client.force_login(p["student"])
    for url in student_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response.content.decode(), url)
    cohort, quiz = p["cohort"].pk, p["quiz"]
    teacher_pages = [
        reverse("authoring:home"), reverse("authoring:quiz-list", args=["case"]),
        reverse("authoring:quiz-edit", args=["case", quiz.slug]), reverse("authoring:question-list", args=["case"]),
        reverse("authoring:question-edit", args=["case", p["questions"]["single"].slug]),
        reverse("dashboard:classes"), reverse("dashboard:overview", args=[cohort]),
        reverse("dashboard:matrix", args=[cohort]), reverse("dashboard:roster", args=[cohort]),
        reverse("dashboard:student", args=[cohort, p["student"].pk]),
        reverse("dashboard:quiz-report", args=[cohort, quiz.pk]),
    ]
    client.force_login(p["teacher"])
    for url in teacher_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response.content.decode(), url)


def test_the_editor_preview_shows_the_payloads_harmless(poisoned):
    """The editor's Markdown preview renders each payload, and all of them together, harmless."""
    client = Client()
    client.force_login(poisoned["teacher"])
    for payload in PAYLOADS + [CORPUS]:
        response = client.post(reverse("markdownx_markdownify"), {"content": payload})
        assert response.status_code == 200
        assert_harmless(response.content.decode(), payload)


def test_the_detector_catches_what_it_should():
    """The patterns above do find live payloads (so the tests above can fail)."""
    for sample in ("<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">'):
        with pytest.raises(AssertionError):
            assert_harmless(sample, "sample")
