"""The instructor's second pass through HTTP: the bank picker on a quiz's
page, publishing refused while a quiz has nothing to take, the question
editor's rows, radios, headings, delete (archive) and preview, the bank's
plain text, and regrading in the instructor area."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from core import roles
from quizzes.models import Attempt, Question, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.quizzes.authoring import question_post
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user
from lessons.services import enrolment_create
from tests.quizzes.authoring import messages_of, wrong_key_attempt


def url(name, **kwargs):
    return reverse(f"authoring:{name}", kwargs=kwargs)


# ---- publishing -------------------------------------------------------------------

@pytest.mark.django_db
def test_publishing_an_empty_quiz_is_refused_with_what_it_needs(client, course_data, questions, teacher):
    """A quiz with no question stays a draft, and the message says to add questions or draw them."""
    quiz = make_quiz(course_data["course"], [], slug="empty", published=False)
    client.force_login(teacher)
    response = client.post(url("quiz-publish", course="case", quiz="empty"), {"published": "1"}, follow=True)
    quiz.refresh_from_db()
    assert not quiz.published
    assert messages_of(response) == ["The quiz was not published. It has no questions yet: add questions from the "
                                     "bank below, or set “Questions drawn” to draw them at random from the bank "
                                     "for each attempt."]
    assert "Before students can take this quiz:" in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_drawn_quiz_with_an_empty_pool_is_refused(client, course_data, questions, teacher):
    """A quiz drawing from a chapter with no question of the bank is refused; one with questions is published."""
    course = course_data["course"]
    quiz = make_quiz(course, [], slug="drawn", published=False, draw_count=3, topic="causes")
    Question.objects.filter(topic="causes").update(archived=True)
    client.force_login(teacher)
    response = client.post(url("quiz-publish", course="case", quiz="drawn"), {"published": "1"}, follow=True)
    quiz.refresh_from_db()
    assert not quiz.published and "no question of the bank matches" in messages_of(response)[0]
    fixed = make_quiz(course, [questions["single"]], slug="fixed", published=False)
    client.post(url("quiz-publish", course="case", quiz="fixed"), {"published": "1"})
    fixed.refresh_from_db()
    assert fixed.published


# ---- the picker ---------------------------------------------------------------------

@pytest.mark.django_db
def test_picker_lists_the_bank_as_text_with_its_filters(client, course_data, questions, teacher):
    """The quiz page lists the bank's questions not in the quiz, as plain text with their type, filtered."""
    Question.objects.filter(pk=questions["single"].pk).update(stem="Which **security** concern came first?")
    make_quiz(course_data["course"], [questions["short"]], slug="week", published=False)
    client.force_login(teacher)
    page = client.get(url("quiz-edit", course="case", quiz="week")).content.decode()
    assert "Which security concern came first?" in page and "**security**" not in page
    assert f'name="question" value="{questions["single"].pk}"' in page
    assert f'name="question" value="{questions["short"].pk}"' not in page  # already in the quiz
    filtered = client.get(url("quiz-edit", course="case", quiz="week"), {"bank-type": "ordering"})
    picked = [q.pk for q in filtered.context["picker"]]
    assert picked == [questions["ordering"].pk]
    by_text = client.get(url("quiz-edit", course="case", quiz="week"), {"bank-q": "concern came"})
    assert [q.pk for q in by_text.context["picker"]] == [questions["single"].pk]


@pytest.mark.django_db
def test_ticked_questions_are_added_at_once_in_order(client, course_data, questions, teacher):
    """Ticking several and adding them appends them all; archived or other courses' ids are skipped."""
    quiz = make_quiz(course_data["course"], [questions["short"]], slug="week", published=False)
    other = make_questions(make_course("other")[0], None)["single"]
    Question.objects.filter(pk=questions["date"].pk).update(archived=True)
    client.force_login(teacher)
    response = client.post(url("quiz-questions", course="case", quiz="week"), {
        "action": "add", "question": [questions["single"].pk, questions["matching"].pk, questions["date"].pk,
                                      other.pk],
        "query": "bank-type=single&bank-q=x"}, follow=True)
    assert list(quiz.quiz_questions.order_by("position").values_list("question__slug", flat=True)) == [
        "q-short", "q-single", "q-matching"]
    assert messages_of(response) == ["2 questions added."]
    assert response.redirect_chain[-1][0] == url("quiz-edit", course="case", quiz="week") + \
        "?bank-type=single&bank-q=x#questions"


@pytest.mark.django_db
def test_adding_nothing_says_to_tick_first(client, course_data, questions, teacher):
    """Pressing Add with nothing ticked changes nothing and says why."""
    quiz = make_quiz(course_data["course"], [], slug="week", published=False)
    client.force_login(teacher)
    response = client.post(url("quiz-questions", course="case", quiz="week"), {"action": "add"}, follow=True)
    assert messages_of(response) == ["Tick the questions to add first."] and quiz.quiz_questions.count() == 0


# ---- the question editor ---------------------------------------------------------------

@pytest.mark.django_db
def test_single_choice_marks_the_correct_option_with_one_radio_group(client, course_data, teacher):
    """Single choice offers one radio group for "correct"; the chosen row is the key."""
    client.force_login(teacher)
    page = client.get(url("question-create", course="case", qtype="single")).content.decode()
    assert re.findall(r'type="radio" name="part-correct" value="(part-\d+-correct)"', page) == [
        f"part-{i}-correct" for i in range(4)]
    assert 'type="checkbox" name="part-0-correct"' not in page
    data = question_post("Which came first?", parts=[{"text": "Security"}, {"text": "Power"}])
    data["part-correct"] = "part-1-correct"
    client.post(url("question-create", course="case", qtype="single"), data)
    question = Question.objects.get(stem="Which came first?")
    assert list(question.options.values_list("text", "is_correct")) == [("Security", False), ("Power", True)]
    multiple = client.get(url("question-create", course="case", qtype="multiple")).content.decode()
    assert 'type="checkbox" name="part-0-correct"' in multiple


@pytest.mark.django_db
def test_add_and_remove_a_row_without_javascript_keep_what_was_typed(client, course_data, teacher):
    """"Add a row" and "Remove row" re-render the editor with the rows changed, the typed text kept, nothing saved."""
    client.force_login(teacher)
    data = question_post("Typed stem", parts=[{"text": "Alpha"}, {"text": "Beta"}, {"text": "Gamma"}])
    response = client.post(url("question-create", course="case", qtype="multiple"), {**data, "add-row": "1"})
    formset = response.context["formset"]
    assert response.status_code == 200 and formset.total_form_count() == 4
    assert [f.initial.get("text") for f in formset.forms] == ["Alpha", "Beta", "Gamma", None]
    assert response.context["form"]["stem"].value() == "Typed stem"
    response = client.post(url("question-create", course="case", qtype="multiple"), {**data, "remove-row": "1"})
    assert [f.initial.get("text") for f in response.context["formset"].forms] == ["Alpha", "Gamma"]
    assert not Question.objects.filter(stem="Typed stem").exists()
    full = question_post("Typed stem", parts=[{"text": f"Option {n}"} for n in range(8)])
    response = client.post(url("question-create", course="case", qtype="multiple"), {**full, "add-row": "1"})
    assert response.context["formset"].total_form_count() == 8  # at most MAX_PARTS rows


@pytest.mark.django_db
def test_heading_is_chosen_from_the_lessons_headings(client, course_data, questions, teacher):
    """The heading field is a select of the chosen lesson's heading ids."""
    client.force_login(teacher)
    response = client.get(url("question-edit", course="case", question="q-single"))
    assert response.context["form"].fields["anchor"].widget.choices == [
        ("", "— the top of the lesson —"), ("security-dilemma", "The security dilemma"), ("summary", "Summary")]
    page = response.content.decode()
    assert '<option value="security-dilemma" selected>' in page
    assert 'id="lesson-headings"' in page  # every lesson's headings, for the select to follow the lesson


@pytest.mark.django_db
def test_the_preview_is_labelled_and_says_markdown_and_images_work(client, course_data, teacher):
    """The Markdown preview has a label, and the help says Markdown and image upload work."""
    client.force_login(teacher)
    page = client.get(url("question-create", course="case", qtype="single")).content.decode()
    assert 'aria-labelledby="id_stem-preview-label"' in page and "Preview of the question (as students will see it)" in page
    assert "Markdown works here" in page and "drag its file into the box" in page


@pytest.mark.django_db
def test_the_attempted_versions_note_only_when_the_question_has_attempts(client, course_data, questions, teacher,
                                                                         student):
    """A new or unattempted question is just "saved"; an attempted one adds that past attempts keep their version."""
    client.force_login(teacher)
    data = question_post("A fresh one", parts=[{"text": "Yes", "correct": True}, {"text": "No"}])
    response = client.post(url("question-create", course="case", qtype="single"), data, follow=True)
    assert messages_of(response) == ["Question saved."]
    quiz = make_quiz(course_data["course"], [questions["single"]])
    attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    single = client.get(url("question-edit", course="case", question="q-single"))
    assert "Students have answered this question" in single.content.decode()
    data = question_post("Stem of q-single", slug="q-single",
                         parts=[{"text": "Security", "correct": True}, {"text": "Power"}])
    response = client.post(url("question-edit", course="case", question="q-single"), data, follow=True)
    assert messages_of(response) == ["Question saved. Quizzes already attempted keep the version their students "
                                     "saw; new attempts get this one."]


@pytest.mark.django_db
def test_delete_removes_an_unused_question_and_archives_an_attempted_one(client, course_data, questions, teacher,
                                                                          student):
    """An unused question is deleted; one with attempts leaves the bank and quizzes, and its attempt keeps it."""
    course = course_data["course"]
    quiz = make_quiz(course, [questions["single"], questions["short"], questions["truefalse"]])
    attempt = attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    unused = make_quiz(course, [questions["ordering"]], slug="unused")
    client.force_login(teacher)
    response = client.post(url("question-delete", course="case", question="q-ordering"), follow=True)
    assert not Question.objects.filter(slug="q-ordering").exists() and unused.quiz_questions.count() == 0
    # Its only question gone, the published quiz is hidden again rather than left with nothing to take.
    assert messages_of(response) == ["“q-ordering” was deleted.", "“Quiz” has no questions left, so students no "
                                     "longer see it: add questions and publish it again."]
    unused.refresh_from_db()
    assert not unused.published
    response = client.post(url("question-delete", course="case", question="q-short"), follow=True)
    short = Question.objects.get(slug="q-short")
    assert short.archived and messages_of(response)[0].startswith("“q-short” was archived")
    assert list(quiz.quiz_questions.order_by("position").values_list("question__slug", "position")) == [
        ("q-single", 1), ("q-truefalse", 2)]
    assert attempt.responses.filter(question=short).count() == 1
    bank = client.get(url("question-list", course="case"))
    assert "q-short" not in [q.slug for q in bank.context["page"]]
    client.force_login(student)
    assert "Stem of q-short" in client.get(reverse("quizzes:review", kwargs={"pk": attempt.pk})).content.decode()


@pytest.mark.django_db
def test_one_question_preview_shows_it_as_a_student_sees_it_without_its_key(client, course_data, questions,
                                                                            teacher):
    """The preview shows the stem and options under tokens, never the key, feedback, or explanation."""
    client.force_login(teacher)
    response = client.get(url("question-preview", course="case", question="q-single"))
    page = response.content.decode()
    assert response.status_code == 200 and "Stem of q-single" in page
    assert all(text in page for text in ("Security", "Power", "Glory"))
    assert "SECRET-FEEDBACK" not in page and "Because of q-single" not in page
    tokens = [option["id"] for option in response.context["public"]["options"]]
    assert not {str(t) for t in tokens} & {"1", "2", "3"}


@pytest.mark.django_db
def test_bank_list_shows_plain_text(client, course_data, questions, teacher):
    """The bank shows a stem's text, not its Markdown."""
    Question.objects.filter(pk=questions["single"].pk).update(stem="A **bold** _claim_ about [NATO](https://x.org)")
    client.force_login(teacher)
    page = client.get(url("question-list", course="case")).content.decode()
    assert "A bold claim about NATO" in page and "**bold**" not in page


# ---- regrading ------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_author_regrades_a_whole_quiz_after_a_key_change(client, course_data, questions, teacher, student):
    """The quiz's regrade page previews old → new; confirming writes it and records it in the history."""
    quiz, attempt = wrong_key_attempt(course_data, questions, student)
    assert attempt.score == 0
    client.force_login(teacher)
    preview = client.get(url("quiz-regrade", course="case", quiz=quiz.slug))
    plan = preview.context["plans"][0]
    assert (plan.old, plan.new, plan.changed_questions) == (0, 1, ["q-single"])
    attempt.refresh_from_db()
    assert attempt.score == 0  # the preview writes nothing
    response = client.post(url("quiz-regrade", course="case", quiz=quiz.slug), {"confirm": "1"}, follow=True)
    attempt.refresh_from_db()
    assert attempt.score == 1 and messages_of(response) == ["Regraded 1 attempt."]
    assert LogEntry.objects.get(object_id=str(attempt.pk)).change_message.startswith(
        "Regraded with the questions' current keys: score 0 → 1")


@pytest.mark.django_db
def test_a_class_instructor_regrades_one_attempt(client, course_data, questions, student):
    """A co-teacher of the class (no author) regrades one of its student's attempts from the dashboard."""
    author = make_user("author", roles.INSTRUCTORS)
    cohort = make_cohort(course_data["course"], author)
    coteacher = make_user("coteacher", roles.INSTRUCTORS)
    cohort.instructors.add(coteacher)
    enrolment_create(user=student, course=course_data["course"], cohort=cohort)
    quiz, attempt = wrong_key_attempt(course_data, questions, student)
    client.force_login(coteacher)
    address = reverse("dashboard:attempt-regrade", kwargs={"pk": cohort.pk, "attempt_id": attempt.pk})
    page = client.get(address).content.decode()
    assert "Regrade 1 attempt" in page
    client.post(address, {"confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.score == 1
    report = reverse("dashboard:quiz-regrade", kwargs={"pk": cohort.pk, "quiz_id": quiz.pk})
    assert client.get(report).context["to_change"] == 0
    assert Attempt.objects.filter(quiz=quiz).count() == 1 and Quiz.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 30, "9" * 5000])
def test_an_id_that_is_no_id_is_refused_without_a_500(client, course_data, questions, teacher, value):
    """The picker, its remove button and the editor's "remove row" take an odd digit or a huge number as no
    choice at all: the page again with a message, nothing changed."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    client.force_login(teacher)
    for data in ({"action": "add", "question": value}, {"action": f"add:{value}"}, {"action": f"remove:{value}"}):
        response = client.post(url("quiz-questions", course="case", quiz="quiz"), data)
        assert response.status_code == 302, data
    assert list(quiz.quiz_questions.values_list("question__slug", flat=True)) == ["q-single"]
    editor = client.post(url("question-create", course="case", qtype="single"), {"remove-row": value})
    assert editor.status_code == 200


@pytest.mark.django_db
def test_removing_a_published_quizs_last_question_hides_the_quiz(client, course_data, questions, teacher):
    """Taking out the only question of a published quiz hides it and says so."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    client.force_login(teacher)
    response = client.post(url("quiz-questions", course="case", quiz="quiz"),
                           {"action": f"remove:{questions['single'].pk}"}, follow=True)
    quiz.refresh_from_db()
    assert not quiz.published
    assert "“Quiz” has no questions left, so students no longer see it: add questions and publish it again." in \
        messages_of(response)
