"""A stem is not a book: every text of a question has a cap, in the authoring
form and in GIFT and JSON imports alike; over it, the author is told which
text is too long and nothing is saved."""

import json

import pytest
from django.urls import reverse

from quizzes import limits
from quizzes.models import Question, Quiz
from tests.quizzes.authoring import question_post

ONE_RIGHT = [{"text": "Security", "correct": True}, {"text": "Power"}]


def create(client, qtype="single", **kwargs):
    return client.post(reverse("authoring:question-create", kwargs={"course": "case", "qtype": qtype}),
                       question_post(**kwargs))


@pytest.fixture
def author(client, course_data, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("field, limit", [("stem", limits.STEM), ("explanation", limits.EXPLANATION)])
def test_question_form_refuses_a_field_over_its_cap(author, field, limit):
    """One character over the cap is a form error on that field, and nothing is saved."""
    values = {"stem": "Why?", "explanation": "Because.", field: "x" * (limit + 1)}
    response = create(author, parts=ONE_RIGHT, **values)
    assert response.status_code == 400
    assert f"Ensure this value has at most {limit} characters (it has {limit + 1})." in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("qtype, parts, limit", [
    ("single", [{"text": "o" * (limits.OPTION + 1), "correct": True}, {"text": "Power"}], limits.OPTION),
    ("single", [{"text": "Security", "correct": True, "feedback": "f" * (limits.FEEDBACK + 1)}, {"text": "B"}],
     limits.FEEDBACK),
    ("ordering", [{"text": "1991"}, {"text": "2003"}, {"text": "e" * (limits.ITEM + 1)}], limits.ITEM),
    ("short", [{"text": "a" * (limits.ACCEPTED + 1)}], limits.ACCEPTED),
])
def test_question_form_refuses_a_part_over_its_cap(author, qtype, parts, limit):
    """An option, feedback, event or accepted answer over its cap is a form error, and nothing is saved."""
    response = create(author, qtype=qtype, stem="Which?", topic="dates" if qtype == "ordering" else "theory",
                      parts=parts)
    assert response.status_code == 400
    assert f"Ensure this value has at most {limit} characters (it has {limit + 1})." in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_question_form_refuses_a_tag_over_its_cap(author):
    """A tag longer than a tag can be is named in the form's problems, and nothing is saved."""
    response = create(author, stem="Why?", parts=ONE_RIGHT, tags="short, " + "t" * (limits.TAG + 1))
    assert response.status_code == 400
    assert "Tag 2 is too long: 61 characters, at most 60." in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_question_form_saves_texts_at_their_caps(author):
    """A stem, explanation, option and feedback exactly at their caps are saved whole."""
    response = create(author, stem="s" * limits.STEM, explanation="e" * limits.EXPLANATION,
                      parts=[{"text": "o" * limits.OPTION, "correct": True, "feedback": "f" * limits.FEEDBACK},
                             {"text": "Power"}])
    assert response.status_code == 302
    question = Question.objects.get()
    assert (len(question.stem), len(question.explanation)) == (limits.STEM, limits.EXPLANATION)
    assert len(question.options.get(is_correct=True).text) == limits.OPTION


@pytest.mark.django_db
def test_quiz_form_refuses_a_description_over_its_cap(author):
    """A quiz description over its cap is a form error, and no quiz is made."""
    response = author.post(reverse("authoring:quiz-create", kwargs={"course": "case"}), {
        "title": "Week 1", "topic": "mixed", "draw_count": "0", "attempts_allowed": "0", "grading_method": "highest",
        "pass_mark": "60", "feedback_timing": "after_submit", "description": "d" * (limits.QUIZ_DESCRIPTION + 1)})
    assert f"Ensure this value has at most {limits.QUIZ_DESCRIPTION} characters" in response.content.decode()
    assert not Quiz.objects.exists()


def json_bank(*questions) -> str:
    return json.dumps({"format": "casebook-questions", "version": 1, "questions": list(questions)})


def tf(slug, **fields):
    return {"slug": slug, "type": "truefalse", "topic": "theory", "stem": "True?", "answer": True, **fields}


def import_(client, text, fmt, confirm=False):
    data = {"format": fmt, "text": text, **({"confirm": "1"} if confirm else {})}
    return client.post(reverse("authoring:question-import", kwargs={"course": "case"}), data)


@pytest.mark.django_db
def test_json_import_refuses_each_question_over_a_cap(author):
    """In a JSON import, each question with a text over its cap gets its own error; the others are imported."""
    text = json_bank(tf("fine"), tf("long-stem", stem="s" * (limits.STEM + 1)),
                     {"slug": "long-option", "type": "single", "topic": "theory", "stem": "Which?",
                      "options": [{"text": "o" * (limits.OPTION + 1), "correct": True}, {"text": "B"}]},
                     tf("long-tag", tags=["t" * (limits.TAG + 1)]))
    page = import_(author, text, "json").content.decode()
    assert "Preview: 1 of 4 questions can be imported" in page
    assert "The question is too long: 5,001 characters, at most 5,000." in page
    assert "Option 1 is too long: 1,001 characters, at most 1,000." in page
    assert "Tag 1 is too long: 61 characters, at most 60." in page
    import_(author, text, "json", confirm=True)
    assert list(Question.objects.values_list("slug", flat=True)) == ["fine"]


@pytest.mark.django_db
def test_gift_import_refuses_each_question_over_a_cap(author):
    """In a GIFT import, a question with a stem or feedback over its cap gets its own error."""
    text = (f"::fine:: Capital of Georgia? {{=Tbilisi ~Sukhumi}}\n\n"
            f"::long:: {'s' * (limits.STEM + 1)} {{T}}\n\n"
            f"::feedback:: Capital? {{=Tbilisi#{'f' * (limits.FEEDBACK + 1)} ~Sukhumi}}\n")
    page = import_(author, text, "gift").content.decode()
    assert "Preview: 1 of 3 questions can be imported" in page
    assert "The question is too long: 5,001 characters, at most 5,000." in page
    assert "The feedback of option 1 is too long: 1,001 characters, at most 1,000." in page
