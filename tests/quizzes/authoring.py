"""Builders for instructor-area tests: the POST a question form sends, and the area's URLs."""

from django.urls import reverse

from quizzes.models import Option
from quizzes.services import attempt_save, attempt_start, attempt_submit
from tests.factories import make_quiz

PARTS = {"part-INITIAL_FORMS": "0", "part-MIN_NUM_FORMS": "0", "part-MAX_NUM_FORMS": "8"}


def question_post(stem, topic="theory", parts=(), **extra):
    """The data the question form posts: the stem and its fields, and each row of `parts` in the formset."""
    data = {"stem": stem, "topic": topic, "points": "1", "explanation": "Why it is so, explained.",
            "lesson": "first", "anchor": "security-dilemma", "tags": "demo, new", "slug": "", **extra}
    data["part-TOTAL_FORMS"] = str(len(parts))
    data.update(PARTS)
    for index, row in enumerate(parts):
        for key, value in row.items():
            if value is not False:
                data[f"part-{index}-{key}"] = "on" if value is True else value
    return data


def url(name, **kwargs):
    return reverse(f"authoring:{name}", kwargs=kwargs)


def messages_of(response) -> list[str]:
    """The messages the response's page shows, as text."""
    return [str(m) for m in response.context["messages"]]


def wrong_key_attempt(course_data, questions, student):
    """A submitted attempt answering "Power", then the key corrected to "Power"."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    attempt = attempt_start(quiz=quiz, user=student)
    response = attempt.responses.get()
    attempt_save(attempt=attempt, data={"q1": response.shown["tokens"]["2"]})
    attempt = attempt_submit(attempt=attempt)
    Option.objects.filter(question=questions["single"]).update(is_correct=False)
    Option.objects.filter(question=questions["single"], position=2).update(is_correct=True)
    return quiz, attempt
