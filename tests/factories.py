"""Small builders for test data: a two-chapter course, users in each role,
and one question of every type with a known key."""

import datetime

from django.contrib.auth.models import Group, User
from django.urls import reverse

from core import roles
from lessons.models import Chapter, Cohort, Course, Lesson, TimelineEvent
from quizzes.models import (
    AcceptedAnswer, Attempt, DateKey, MatchPair, Option, OrderingItem, Question, Quiz, QuizQuestion,
)
from quizzes.types import get_type

LESSON_BODY = """Intro paragraph about [[security-dilemma]].

## The security dilemma {#security-dilemma}

One state's defence worries another.

## Summary {#summary}

Short summary.
"""


def make_user(username="student", role=roles.STUDENTS, password="pw-for-tests-123"):
    user = User.objects.create_user(username=username, password=password, first_name=username.title())
    # get_or_create: browser tests (transactional) flush the groups the migration made.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if role == roles.ADMINISTRATORS:
        user.is_staff = user.is_superuser = True
        user.save()
    return user


def make_course(slug="case"):
    course = Course.objects.create(slug=slug, title="A case", summary="Summary")
    chapter = Chapter.objects.create(course=course, number=1, slug="one", title="One")
    first = Lesson.objects.create(chapter=chapter, position=1, slug="first", title="First lesson",
                                  body=LESSON_BODY, objectives="Know things\nExplain things")
    second = Lesson.objects.create(chapter=chapter, position=2, slug="second", title="Second lesson",
                                   body="## Part {#part}\n\nText.")
    return course, first, second


def make_cohort(course, instructor, code="JOIN2008"):
    cohort = Cohort.objects.create(course=course, name="Class A", join_code=code)
    cohort.instructors.add(instructor)
    return cohort


def make_questions(course, lesson):
    """One question of each type; returns {type: question}."""
    questions = {}

    def question(slug, qtype, topic="theory", **extra):
        q = Question.objects.create(course=course, slug=slug, type=qtype, topic=topic, stem=f"Stem of {slug}",
                                    explanation=f"Because of {slug}.", lesson=lesson, anchor="security-dilemma",
                                    **extra)
        questions[qtype] = q
        return q

    single = question("q-single", "single")
    for i, (text, correct) in enumerate([("Security", True), ("Power", False), ("Glory", False)], start=1):
        Option.objects.create(question=single, position=i, text=text, is_correct=correct,
                              feedback=f"SECRET-FEEDBACK-{i}")
    multiple = question("q-multiple", "multiple")
    for i, (text, correct) in enumerate([("A", True), ("B", True), ("C", False), ("D", False)], start=1):
        Option.objects.create(question=multiple, position=i, text=text, is_correct=correct)
    question("q-truefalse", "truefalse", true_false_answer=True)
    ordering = question("q-ordering", "ordering", topic="dates")
    for i, text in enumerate(["First event", "Second event", "Third event", "Fourth event"], start=1):
        OrderingItem.objects.create(question=ordering, position=i, text=text)
    date = question("q-date", "date", topic="dates")
    event = TimelineEvent.objects.create(course=course, slug="war", date=datetime.date(2008, 8, 8),
                                         precision="day", title="War begins", lesson=lesson)
    DateKey.objects.create(question=date, date=event.date, precision="day", event=event)
    matching = question("q-matching", "matching", topic="causes")
    for i, (item, category) in enumerate([("Separatism", "Distant cause"), ("Rose Revolution", "Proximate cause"),
                                          ("NATO bid", "Proximate cause")], start=1):
        MatchPair.objects.create(question=matching, position=i, item=item, category=category)
    short = question("q-short", "short")
    for text in ("Tskhinvali", "Tskhinval"):
        AcceptedAnswer.objects.create(question=short, text=text)
    return questions


def make_quiz(course, questions, slug="quiz", **settings):
    defaults = {"title": "Quiz", "published": True}
    defaults.update(settings)
    quiz = Quiz.objects.create(course=course, slug=slug, **defaults)
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def answer_form(response, answer) -> dict:
    """The POST fields that give `answer` (stored form, internal ids) to one
    response, in the tokens its page shows."""
    qtype = get_type(response.snapshot["type"])
    return qtype.form_data(response.snapshot, response.shown, answer, f"q{response.position}")


def key_form(response) -> dict:
    """The POST fields that answer one response with its own key."""
    return answer_form(response, get_type(response.snapshot["type"]).key_answer(response.snapshot))


def key_as_answer(snapshot: dict):
    """The stored-answer form of a snapshot's own key."""
    return get_type(snapshot["type"]).key_answer(snapshot)


def start(client, quiz):
    """Start an attempt through the quiz page's button, as the client's user; the attempt."""
    response = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    assert response.status_code == 302, response
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
