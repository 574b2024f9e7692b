"""The instructor area through HTTP: who may use it, quizzes, every question
type through its form, the checks that stop ungradeable questions, the bank,
and import (the image upload is tests/core/test_markdownx.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_cohort, make_course, make_quiz, make_user
from tests.quizzes.authoring import question_post, url


# ---- who may use it ---------------------------------------------------------

def all_urls(course, quiz, question):
    c = course.slug
    return [
        ("get", url("home")), ("get", url("quiz-list", course=c)), ("get", url("quiz-create", course=c)),
        ("get", url("quiz-edit", course=c, quiz=quiz.slug)), ("post", url("quiz-publish", course=c, quiz=quiz.slug)),
        ("post", url("quiz-duplicate", course=c, quiz=quiz.slug)),
        ("post", url("quiz-questions", course=c, quiz=quiz.slug)),
        ("get", url("quiz-export", course=c, quiz=quiz.slug)), ("get", url("question-list", course=c)),
        ("get", url("question-create", course=c, qtype="single")),
        ("get", url("question-edit", course=c, question=question.slug)), ("get", url("question-import", course=c)),
    ]


@pytest.mark.django_db
def test_each_view_as_each_role(client, course_data, questions, teacher, student):
    """Anonymous → login; student → 403; author of another course → 404; its author and admins → the page (200)
    or, for an action, its redirect (302)."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    other_teacher = make_user("other-teacher", roles.INSTRUCTORS)
    other_course = make_course("other")[0]
    other_course.authors.add(other_teacher)
    make_cohort(other_course, other_teacher, code="OTHER123")
    admin = make_user("admin", roles.ADMINISTRATORS)
    for method, address in all_urls(course_data["course"], quiz, questions["single"]):
        client.logout()
        assert getattr(client, method)(address).status_code == 302, address
        client.force_login(student)
        assert getattr(client, method)(address).status_code == 403, address
        if address != url("home"):
            client.force_login(other_teacher)
            assert getattr(client, method)(address).status_code == 404, address
        for user in (teacher, admin):
            client.force_login(user)
            assert getattr(client, method)(address).status_code == {"get": 200, "post": 302}[method], (address, user)


@pytest.mark.django_db
def test_teaching_link_only_for_instructors(client, course_data, teacher, student):
    """The home page links to the instructor area for an author and not for a student."""
    client.force_login(student)
    assert "Teaching" not in client.get("/").content.decode()
    client.force_login(teacher)
    assert url("home") in client.get("/").content.decode()


# ---- quizzes ------------------------------------------------------------------

@pytest.mark.django_db
def test_create_edit_publish_duplicate_a_quiz(client, course_data, questions, teacher):
    """An author creates a quiz, adds, moves and removes questions, publishes it, and duplicates it unpublished."""
    client.force_login(teacher)
    response = client.post(url("quiz-create", course="case"), {
        "title": "Week 1 check", "slug": "", "topic": "mixed", "draw_count": "0", "attempts_allowed": "2",
        "grading_method": "highest", "pass_mark": "70", "feedback_timing": "after_submit",
        "time_limit_minutes": "15"})
    quiz = Quiz.objects.get(slug="week-1-check")
    assert response["Location"] == url("quiz-edit", course="case", quiz="week-1-check")
    assert (quiz.attempts_allowed, quiz.pass_mark, quiz.time_limit_minutes, quiz.published) == (2, 70, 15, False)
    for question in (questions["single"], questions["short"], questions["truefalse"]):
        client.post(url("quiz-questions", course="case", quiz=quiz.slug), {"action": "add", "question": question.pk})
    client.post(url("quiz-questions", course="case", quiz=quiz.slug), {"action": f"up:{questions['short'].pk}"})
    client.post(url("quiz-questions", course="case", quiz=quiz.slug), {"action": f"remove:{questions['truefalse'].pk}"})
    assert list(quiz.quiz_questions.order_by("position").values_list("question__slug", flat=True)) == [
        "q-short", "q-single"]
    client.post(url("quiz-publish", course="case", quiz=quiz.slug), {"published": "1"})
    quiz.refresh_from_db()
    assert quiz.published
    client.post(url("quiz-duplicate", course="case", quiz=quiz.slug))
    copy = Quiz.objects.get(slug="week-1-check-copy")
    assert not copy.published and copy.quiz_questions.count() == 2


@pytest.mark.django_db
def test_quiz_form_refuses_bad_settings(client, course_data, teacher):
    """A pass mark over 100 and a closing time before the opening are form errors, and no quiz is created."""
    client.force_login(teacher)
    response = client.post(url("quiz-create", course="case"), {
        "title": "Bad", "topic": "mixed", "draw_count": "0", "attempts_allowed": "0", "grading_method": "highest",
        "pass_mark": "150", "feedback_timing": "after_submit", "opens_at": "2026-12-02T10:00",
        "closes_at": "2026-12-01T10:00"})
    page = response.content.decode()
    assert response.status_code == 200 and "at most 100" in page and "close after it opens" in page
    assert not Quiz.objects.filter(title="Bad").exists()


@pytest.mark.django_db
def test_editing_an_attempted_quiz_warns_and_keeps_attempts(client, course_data, questions, teacher, student):
    """A quiz with attempts warns that edits affect new attempts only; removing a question leaves them as they were."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    attempt = attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    client.force_login(teacher)
    assert "affect new attempts only" in client.get(url("quiz-edit", course="case", quiz=quiz.slug)).content.decode()
    client.post(url("quiz-questions", course="case", quiz=quiz.slug), {"action": f"remove:{questions['single'].pk}"})
    assert attempt.responses.count() == 1 and Attempt.objects.get(pk=attempt.pk).max_score == 1


# ---- questions of every type ------------------------------------------------------

VALID = {
    "single": dict(parts=[{"text": "Security", "correct": True, "feedback": "Yes"}, {"text": "Power"}]),
    "multiple": dict(parts=[{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}]),
    "truefalse": dict(answer="false"),
    "ordering": dict(topic="dates", parts=[{"text": "1991"}, {"text": "2003"}, {"text": "2008"}]),
    "date": dict(topic="dates", date="2008-08"),
    "matching": dict(topic="causes", parts=[{"item": "Borders", "category": "Distant"},
                                           {"item": "Rose Revolution", "category": "Proximate"}]),
    "short": dict(parts=[{"text": "Tskhinvali"}, {"text": "Tskhinval"}]),
    "numerical": dict(topic="causes", unit="tanks", parts=[{"value": "820", "tolerance": "", "feedback": "Table 4-1."},
                                                          {"value": "230", "tolerance": "10", "credit": "50"}]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("qtype", list(VALID))
def test_create_edit_and_grade_each_type_through_the_form(client, course_data, teacher, student, qtype):
    """Each type is created through its form, edited, and grades a right answer as full marks."""
    client.force_login(teacher)
    spec = dict(VALID[qtype])
    response = client.post(url("question-create", course="case", qtype=qtype),
                           question_post(f"A {qtype} question?", **spec))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(type=qtype)
    assert set(question.tags.values_list("slug", flat=True)) >= {"demo", "new"}
    edit = url("question-edit", course="case", question=question.slug)
    assert f"A {qtype} question?" in client.get(edit).content.decode()
    client.post(edit, question_post(f"Edited {qtype}?", **spec))
    question.refresh_from_db()
    assert question.stem == f"Edited {qtype}?" and question.lesson.slug == "first"
    quiz = make_quiz(course_data["course"], [question], slug=f"quiz-{qtype}")
    attempt = attempt_start(quiz=quiz, user=student)
    from tests.factories import key_as_answer

    response_row = attempt.responses.get()
    response_row.answer = key_as_answer(response_row.snapshot)
    response_row.save()
    assert attempt_submit(attempt=attempt).score == 1


@pytest.mark.django_db
@pytest.mark.parametrize("qtype, spec, message", [
    ("single", dict(parts=[{"text": "A"}, {"text": "B"}]), "exactly one option as correct"),
    ("multiple", dict(parts=[{"text": "A"}, {"text": "B"}]), "at least one option as correct"),
    ("matching", dict(parts=[{"item": "A", "category": "X"}, {"item": "B", "category": ""}]), "needs a category"),
    ("ordering", dict(parts=[{"text": "Only one"}]), "3 to 6 events"),
    ("date", dict(date="12 August"), "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("short", dict(parts=[]), "at least one accepted answer"),
    ("truefalse", dict(), "true or false"),
    ("numerical", dict(parts=[{"value": "820", "credit": "50"}]), "at least one answer with full credit"),
    ("numerical", dict(parts=[{"value": "820", "tolerance": "-1"}]), "greater than or equal to 0"),
    ("single", dict(parts=[{"text": "A", "correct": True}, {"text": "B"}], anchor="nowhere"), "no heading"),
])
def test_ungradeable_questions_cannot_be_saved(client, course_data, teacher, qtype, spec, message):
    """The form says what is wrong, and nothing is saved."""
    client.force_login(teacher)
    response = client.post(url("question-create", course="case", qtype=qtype), question_post("Q?", **spec))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_bank_filters_and_pages(client, course_data, questions, teacher):
    """The bank filters by type, topic, search, tag and chapter, pages 37 questions in two, and exports as GIFT."""
    client.force_login(teacher)
    bank = url("question-list", course="case")
    page = client.get(bank, {"type": "matching"}).content.decode()
    assert "Stem of q-matching" in page and "Stem of q-single" not in page
    assert "Stem of q-date" in client.get(bank, {"topic": "dates"}).content.decode()
    assert "Stem of q-short" in client.get(bank, {"q": "q-short"}).content.decode()
    assert "Stem of q-short" not in client.get(bank, {"tag": "nothing"}).content.decode()
    assert "Stem of q-single" in client.get(bank, {"chapter": "1"}).content.decode()
    for n in range(30):
        Question.objects.create(course=course_data["course"], slug=f"extra-{n:02d}", type="truefalse",
                                topic="theory", stem=f"Extra {n}", true_false_answer=True)
    first, second = client.get(bank).content.decode(), client.get(bank, {"page": "2"}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    gift = client.get(bank, {"topic": "theory", "export": "gift"})
    assert gift["Content-Type"].startswith("text/plain") and "::q-single::" in gift.content.decode()


@pytest.mark.django_db
def test_import_preview_then_confirm(client, course_data, teacher):
    """Import shows a preview with errors by line and saves nothing until confirmed."""
    client.force_login(teacher)
    text = "Capital of Georgia? {=Tbilisi ~Sukhumi}\n\nBroken {#x}\n"
    preview = client.post(url("question-import", course="case"), {"format": "gift", "text": text})
    page = preview.content.decode()
    assert "1 of 2 questions can be imported" in page and "whole-year" in page
    assert not Question.objects.exists()
    client.post(url("question-import", course="case"), {"format": "gift", "text": text, "confirm": "1"})
    assert Question.objects.get().type == "single"


@pytest.mark.django_db
def test_import_refuses_a_non_utf8_file(client, course_data, teacher):
    """An import file that is not UTF-8 is refused with a message saying so."""
    client.force_login(teacher)
    upload = SimpleUploadedFile("bank.gift", "Ça? {T}".encode("latin-1"))
    response = client.post(url("question-import", course="case"), {"format": "gift", "file": upload})
    assert "not UTF-8" in response.content.decode()


@pytest.mark.django_db
def test_the_form_keeps_option_weights_credit_feedback_title_and_distractors(client, course_data, teacher):
    """Weights of a multiple-response question, a short answer's credit and feedback, true/false feedback, a
    matching distractor and the title are entered in the form, saved, and shown again for editing."""
    client.force_login(teacher)
    cases = {
        "multiple": dict(parts=[{"text": "Separatism", "correct": True, "weight": "0.7"},
                                {"text": "The NATO bid", "correct": True, "weight": "0.3"},
                                {"text": "The Olympics", "weight": "0"}]),
        "short": dict(parts=[{"text": "Tskhinvali"}, {"text": "Tskhin*", "fraction": "0.5", "feedback": "Spell it."}]),
        "truefalse": dict(answer="true", true_feedback="Yes.", false_feedback="It is true."),
        "matching": dict(parts=[{"item": "Separatism", "category": "Distant"}, {"item": "NATO", "category": "Near"},
                                {"item": "", "category": "Not a cause"}]),
    }
    for qtype, spec in cases.items():
        response = client.post(url("question-create", course="case", qtype=qtype),
                               question_post(f"A {qtype} question?", title=f"Titled {qtype}", **spec))
        assert response.status_code == 302, response.content.decode()[:3000]
    by_type = {q.type: q for q in Question.objects.all()}
    assert [o.weight for o in by_type["multiple"].options.order_by("position")] == [0.7, 0.3, 0.0]
    assert [(a.text, a.fraction, a.feedback) for a in by_type["short"].accepted_answers.order_by("id")] == [
        ("Tskhinvali", 1.0, ""), ("Tskhin*", 0.5, "Spell it.")]
    assert (by_type["truefalse"].true_feedback, by_type["truefalse"].false_feedback) == ("Yes.", "It is true.")
    assert [p.item for p in by_type["matching"].match_pairs.order_by("position")] == ["Separatism", "NATO", ""]
    assert {q.title for q in by_type.values()} == {f"Titled {t}" for t in cases}
    edit = client.get(url("question-edit", course="case", question=by_type["multiple"].slug)).content.decode()
    assert 'value="Titled multiple"' in edit and 'value="0.7"' in edit
