"""Essays: attempts that wait for a person, the grading queue, claims, the
audit trail, the rubric snapshot and release."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse

from core import roles
from quizzes import selectors, services
from quizzes.models import Attempt, Release
from quizzes.signals import quiz_grade_changed
from quizzes.types.essay import (
    EssayClaim, EssayGrade, EssayGradeChange, GradingError, RubricLevel, essay_claim, essay_grade,
)
from tests.factories import key_form, make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric

ESSAY = "Russia saw NATO moving east as a threat to its security."


@pytest.fixture
def setup(course_data, questions, student):
    course, lesson = course_data["course"], course_data["lesson"]
    rubric = make_rubric(course)
    essay = make_essay(course, lesson, rubric)
    quiz = make_quiz(course, [questions["single"], essay], release=Release.MANUAL)
    author = make_user("author", roles.INSTRUCTORS)
    course.authors.add(author)
    return {"course": course, "quiz": quiz, "essay": essay, "rubric": rubric, "author": author, "student": student}


def _submitted(quiz, student, text=ESSAY):
    attempt = services.attempt_start(quiz=quiz, user=student)
    single, essay = attempt.responses.order_by("position")
    services.attempt_save(attempt=attempt, data={**key_form(single), "q2": text})
    return services.attempt_submit(attempt=attempt), essay


def _grade(setup, response, claim=2, evidence=1, grader=None):
    return essay_grade(response=response, grader=grader or setup["author"], levels={"claim": claim, "evidence": evidence},
                       comments={"claim": "Clear claim."}, comment="Good start.")


def test_an_attempt_with_an_essay_awaits_grading_without_a_score(setup):
    """Submitting grades the choice question at once but leaves the attempt awaiting grading, score empty."""
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    assert attempt.grading == Attempt.Grading.AWAITING and attempt.score is None
    assert attempt.responses.get(position=1).score == 1.0
    essay.refresh_from_db()
    assert essay.score is None


def test_the_student_sees_awaiting_grading_and_no_key_before_release(client, setup):
    """The review says "Awaiting grading" and shows no total, no model answer, no grader information, no explanation."""
    attempt, _essay = _submitted(setup["quiz"], setup["student"])
    client.force_login(setup["student"])
    page = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Awaiting grading" in page and "%" not in page.split("awaiting-grading")[1].split("</p>")[0]
    for secret in ("MODEL-ANSWER-SECRET", "GRADER-INFO-SECRET", "EXPLANATION-AFTER-RELEASE"):
        assert secret not in page


def test_the_attempt_page_and_autosave_never_carry_the_model_answer(client, setup):
    """While writing: the attempt page and the autosave JSON hold neither the model answer nor the grader information."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    client.force_login(setup["student"])
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), {"q2": "Too few"},
                        headers={"X-Requested-With": "fetch"}).content.decode()
    for text in (page, saved):
        assert "MODEL-ANSWER-SECRET" not in text and "GRADER-INFO-SECRET" not in text
    assert "at least 3 words" in saved


def test_the_word_limit_is_enforced_on_the_server(client, setup):
    """An answer over the maximum is refused with a message and the saved answer is kept."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    client.force_login(setup["student"])
    url = reverse("quizzes:save", args=[attempt.pk])
    client.post(url, {"q2": ESSAY}, headers={"X-Requested-With": "fetch"})
    response = client.post(url, {"q2": "word " * 51}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400 and "at most 50 words" in response.json()["errors"]["2"]
    assert attempt.responses.get(position=2).answer == {"text": ESSAY}


def test_the_preview_is_sanitised(client, setup):
    """The Markdown preview renders emphasis and drops a script."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    client.force_login(setup["student"])
    html = client.post(reverse("quizzes:preview", args=[attempt.pk]),
                       {"content": "*NATO* <script>alert(1)</script>"}).content.decode()
    assert "<em>NATO</em>" in html and "<script" not in html


def test_grading_by_rubric_then_release_shows_levels_comments_and_model_answer(client, setup):
    """Graded: the attempt gets its score but stays hidden until release; after release the review shows
    the level on each criterion, the comments and the model answer, and the LMS hears of it once."""
    heard = []
    quiz_grade_changed.connect(receiver := lambda sender, attempt, **kw: heard.append(attempt.pk))
    try:
        attempt, essay = _submitted(setup["quiz"], setup["student"])
        assert heard == []  # submitted, but no grade to post yet
        _grade(setup, essay)
        attempt.refresh_from_db()
        assert attempt.grading == Attempt.Grading.GRADED and attempt.score == 1 + 3.0 and heard == []
        client.force_login(setup["student"])
        review = reverse("quizzes:review", args=[attempt.pk])
        assert "MODEL-ANSWER-SECRET" not in client.get(review).content.decode()
        client.force_login(setup["author"])
        client.post(reverse("authoring:grading-release", args=["case", "quiz"]))
        assert heard == [attempt.pk]
    finally:
        quiz_grade_changed.disconnect(receiver)
    client.force_login(setup["student"])
    page = client.get(review).content.decode()
    assert "Awaiting grading" not in page and "80.0%" in page
    assert "Claim level 2" in page and "Evidence level 1" in page and "Clear claim." in page and "Good start." in page
    assert "MODEL-ANSWER-SECRET" in page and "GRADER-INFO-SECRET" not in page


def test_an_immediate_quiz_releases_each_grade_when_given(setup):
    """With release "immediate", the attempt is released as soon as its essay is graded."""
    setup["quiz"].release = Release.IMMEDIATE
    setup["quiz"].save()
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)
    attempt.refresh_from_db()
    assert attempt.grading == "" and attempt.percent == 80.0


def test_two_graders_never_grade_the_same_answer_at_once(client, setup):
    """The first grader's claim makes the answer read-only for the second until it expires; the queue shows it."""
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    second = make_user("second", roles.INSTRUCTORS)
    setup["course"].authors.add(second)
    client.force_login(setup["author"])
    client.get(reverse("authoring:grading-answer", args=["case", essay.pk]))
    client.force_login(second)
    page = client.get(reverse("authoring:grading-answer", args=["case", essay.pk])).content.decode()
    assert "Author is grading this answer until" in page
    posted = client.post(reverse("authoring:grading-answer", args=["case", essay.pk]),
                         {"level-claim": "1", "level-evidence": "1"})
    assert posted.status_code == 400 and not EssayGrade.objects.exists()
    queue = client.get(reverse("authoring:grading-queue", args=["case", "quiz"])).content.decode()
    assert "Being graded by Author" in queue


def test_a_claim_expires(setup):
    """After its minutes run out, another grader may claim the answer."""
    import datetime

    from django.utils import timezone
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    second = make_user("second", roles.INSTRUCTORS)
    now = timezone.now()
    essay_claim(response=essay, grader=setup["author"], now=now)
    with pytest.raises(GradingError):
        essay_claim(response=essay, grader=second, now=now + datetime.timedelta(minutes=5))
    assert essay_claim(response=essay, grader=second, now=now + datetime.timedelta(minutes=21)).grader == second


def test_changing_a_grade_keeps_who_when_and_from_what_to_what(client, setup):
    """A regrade adds a row to the audit trail with the old and the new grade, shown on the grading page."""
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay, claim=2, evidence=1)
    other = make_user("second", roles.INSTRUCTORS)
    setup["course"].authors.add(other)
    _grade(setup, essay, claim=2, evidence=2, grader=other)
    changes = list(EssayGradeChange.objects.order_by("pk"))
    assert [(c.changed_by.username, c.before and c.before["score"], c.after["score"]) for c in changes] == [
        ("author", None, 3.0), ("second", 3.0, 4.0)]
    client.force_login(setup["author"])
    page = client.get(reverse("authoring:grading-answer", args=["case", essay.pk])).content.decode()
    assert "from 3 to 4 points" in page


def test_editing_the_rubric_changes_no_grade_given(client, setup):
    """The grade keeps the rubric it was given under: renaming a level later does not change the student's review."""
    setup["quiz"].release = Release.IMMEDIATE
    setup["quiz"].save()
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)
    RubricLevel.objects.filter(description="Claim level 2").update(description="Rewritten level", points=9)
    client.force_login(setup["student"])
    page = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Claim level 2" in page and "Rewritten level" not in page
    assert EssayGrade.objects.get().rubric["criteria"][0]["levels"][2]["points"] == 2


def test_names_are_hidden_by_default_in_the_queue_and_the_grading_page(client, setup):
    """The queue and the grading page show a pseudonym, not the student's name, unless the grader asks."""
    from quizzes.grading_queue import pseudonym
    writer = make_user("zoya")
    _attempt, essay = _submitted(setup["quiz"], writer)
    client.force_login(setup["author"])
    queue = reverse("authoring:grading-queue", args=["case", "quiz"])
    answer = reverse("authoring:grading-answer", args=["case", essay.pk])
    alias = pseudonym(setup["quiz"].pk, writer.pk)
    for page in (client.get(queue), client.get(answer)):
        assert alias in page.content.decode() and "Zoya" not in page.content.decode()
    for page in (client.get(queue + "?names=1"), client.get(answer + "?names=1")):
        assert "Zoya" in page.content.decode() and alias not in page.content.decode()


def test_save_and_next_goes_to_the_next_answer_needing_grading(client, setup, other_student):
    """"Save and next" saves the grade and opens the next ungraded answer."""
    _a, first = _submitted(setup["quiz"], setup["student"])
    _b, second = _submitted(setup["quiz"], other_student)
    client.force_login(setup["author"])
    response = client.post(reverse("authoring:grading-answer", args=["case", first.pk]),
                           {"level-claim": "2", "level-evidence": "0", "next": "1"})
    assert response.status_code == 302 and f"/grading/{second.pk}/" in response["Location"]
    assert EssayGrade.objects.get().response_id == first.pk


def test_a_grade_without_every_criterion_is_refused(client, setup):
    """A level missing for a criterion is a form error (400), and nothing is saved."""
    _a, essay = _submitted(setup["quiz"], setup["student"])
    client.force_login(setup["author"])
    response = client.post(reverse("authoring:grading-answer", args=["case", essay.pk]), {"level-claim": "2"})
    assert response.status_code == 400 and "Choose a level for every criterion." in response.content.decode()
    assert not EssayGrade.objects.exists()


@pytest.mark.parametrize("answers", [1, 6])
def test_the_grading_queue_takes_a_fixed_number_of_queries(client, setup, answers):
    """The queue page costs the same queries for one answer as for six."""
    for n in range(answers):
        _submitted(setup["quiz"], make_user(f"s{n}"))
    client.force_login(setup["author"])
    url = reverse("authoring:grading-queue", args=["case", "quiz"]) + "?status=all"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 9


def test_drawn_quizzes_never_draw_essays(setup):
    """A quiz that draws from the bank leaves essays out of the pool."""
    assert not selectors.quiz_pool(setup["quiz"]).filter(type="essay").exists()
    assert selectors.quiz_pool(setup["quiz"]).exists()


def test_a_blank_essay_needs_no_grader(setup):
    """An essay left blank scores 0 at once and the attempt is not held for grading."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.grading == "" and attempt.score == 0.0


def test_a_regrade_keeps_the_essay_grades_and_waits_for_them(setup):
    """Regrading an attempt awaiting grading leaves its score empty; a graded one keeps the person's grade."""
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    assert services.attempt_regrade(attempt=attempt)[1] is None
    _grade(setup, essay)
    attempt.refresh_from_db()
    assert services.attempt_regrade(attempt=attempt)[1] == 4.0


def test_a_regrade_keeps_a_grade_given_to_an_essay_left_blank(setup):
    """An essay left blank scores 0 at submission; a grade a person gives it later is what a regrade counts."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    services.attempt_save(attempt=attempt, data=key_form(attempt.responses.get(position=1)))
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.score == 1.0
    _grade(setup, attempt.responses.get(position=2))  # claim 2 + evidence 1 of 4 levels: 3 of its 4 points
    assert services.attempt_regrade(attempt=attempt) == (4.0, 4.0)


def test_the_csv_exports_say_awaiting_grading_and_leave_the_grade_out(client, setup, instructor):
    """The responses CSV's status column says "awaiting grading"; the grades CSV has no grade for the attempt."""
    from tests.classroom import enrol
    from tests.factories import make_cohort
    cohort = make_cohort(setup["course"], instructor)
    writer = enrol(cohort, "writer")
    _submitted(setup["quiz"], writer)
    client.force_login(instructor)
    lines = b"".join(client.get(reverse("dashboard:export-responses", args=[cohort.pk])).streaming_content).decode().splitlines()
    assert lines[0].endswith(",Status") and [line.rsplit(",", 1)[1] for line in lines[1:]] == ["awaiting grading"] * 2
    grades = client.get(reverse("dashboard:export-grades", args=[cohort.pk])).content.decode().splitlines()
    assert grades[1].split(",")[-1] == ""


def test_the_topic_summary_waits_for_the_grade(setup):
    """An attempt awaiting grading is not summarised by topic; once graded it is."""
    from quizzes.models import AttemptTopicScore
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    assert not AttemptTopicScore.objects.exists()
    _grade(setup, essay)
    assert AttemptTopicScore.objects.get(attempt=attempt, topic="theory").total == 1.0 + 0.75


def test_my_progress_and_the_quiz_page_say_awaiting_grading(client, setup):
    """My progress and the quiz page show "Awaiting grading" and no percentage for a graded, unreleased attempt."""
    from lessons.models import Enrolment
    Enrolment.objects.create(user=setup["student"], course=setup["course"])
    setup["course"].published = True
    setup["course"].save()
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)
    client.force_login(setup["student"])
    progress = client.get(reverse("quizzes:progress")).content.decode()
    quiz_page = client.get(setup["quiz"].get_absolute_url()).content.decode()
    assert "Awaiting grading" in progress and "80.0%" not in progress
    assert "Awaiting grading" in quiz_page and "80.0%" not in quiz_page


def test_gift_braces_import_as_an_essay_with_free_points_and_descriptions_are_reported_by_line():
    """`{}` after a stem is an essay (reported as free points); a description is an error naming its line."""
    from quizzes import gift
    parsed = gift.parse_gift("::E1:: Explain how Russia read NATO's enlargement. {}\n\n"
                             "A description, with no answer block.\n")
    essay, description = parsed
    assert essay.errors == [] and essay.draft["type"] == "essay" and essay.draft["essay"]["rubric"] == ""
    assert essay.warnings == ["An essay: no rubric yet, so it is graded out of free points."]
    assert description.draft is None and description.line == 3 and "description" in description.errors[0]


def test_progress_and_the_daily_review_carry_no_model_answer(client, setup):
    """Before release, neither My progress nor the daily review shows the model answer or the grader information."""
    from lessons.models import Enrolment
    Enrolment.objects.create(user=setup["student"], course=setup["course"])
    _submitted(setup["quiz"], setup["student"])
    client.force_login(setup["student"])
    for url in (reverse("quizzes:progress"), reverse("review:course", args=["case"])):
        page = client.get(url, follow=True).content.decode()
        assert "MODEL-ANSWER-SECRET" not in page and "GRADER-INFO-SECRET" not in page


def test_free_points_are_given_within_the_question_points(setup, course_data):
    """Without a rubric the grader gives points from 0 to the question's; more is refused."""
    free = make_essay(setup["course"], course_data["lesson"], slug="q-free")
    quiz = make_quiz(setup["course"], [free], slug="free")
    attempt = services.attempt_start(quiz=quiz, user=setup["student"])
    services.attempt_save(attempt=attempt, data={"q1": ESSAY})
    services.attempt_submit(attempt=attempt)
    response = attempt.responses.get()
    with pytest.raises(GradingError):
        essay_grade(response=response, grader=setup["author"], points=5)
    essay_grade(response=response, grader=setup["author"], points=3)
    attempt.refresh_from_db()
    assert attempt.score == 3.0 and attempt.grading == ""


def test_seed_demo_leaves_a_queue_with_work_in_it(setup):
    """seed_demo: one attempt awaiting grading, one graded and not released, one released."""
    from io import StringIO

    from django.core.management import call_command
    setup["course"].published = True
    setup["course"].save()
    call_command("seed_demo", stdout=StringIO())
    states = dict(Attempt.objects.filter(quiz=setup["quiz"]).values_list("user__username", "grading"))
    assert states == {"student1": "awaiting", "student2": "graded", "student3": ""}
    call_command("seed_demo", stdout=StringIO())
    assert Attempt.objects.filter(quiz=setup["quiz"]).count() == 3


def test_the_quiz_report_counts_awaiting_attempts_apart(client, setup, instructor, other_student):
    """The quiz report counts an attempt awaiting grading apart and leaves it out of the average and the indices."""
    from tests.classroom import enrol
    from tests.factories import make_cohort
    cohort = make_cohort(setup["course"], instructor)
    waiting, done = enrol(cohort, "waiting"), enrol(cohort, "done")
    _submitted(setup["quiz"], waiting)
    _attempt, essay = _submitted(setup["quiz"], done)
    _grade(setup, essay, claim=2, evidence=2)
    client.force_login(instructor)
    page = client.get(reverse("dashboard:quiz-report", args=[cohort.pk, setup["quiz"].pk]))
    report = page.context["report"]
    assert (report["attempts"], report["awaiting"], report["average"]) == (1, 1, 100.0)
    assert 'id="awaiting-grading"' in page.content.decode()


def test_the_overview_and_the_matrix_count_awaiting_attempts_apart(client, setup, instructor):
    """Overview: the quiz row counts the attempt awaiting grading and leaves it out of the average;
    matrix: its cell says awaiting grading and holds no grade; the student page says so too."""
    from tests.classroom import enrol
    from tests.factories import make_cohort
    cohort = make_cohort(setup["course"], instructor)
    waiting = enrol(cohort, "waiting")
    _submitted(setup["quiz"], waiting)
    client.force_login(instructor)
    overview = client.get(reverse("dashboard:overview", args=[cohort.pk]))
    (row,) = [r for r in overview.context["data"]["quizzes"] if r["quiz"] == setup["quiz"]]
    assert (row["awaiting"], row["students"], row["average"]) == (1, 0, None)
    matrix = client.get(reverse("dashboard:matrix", args=[cohort.pk]))
    (cell,) = [c for c in matrix.context["page"][0].cells if c["kind"] == "quiz"]
    assert (cell["grade"], cell["awaiting"]) == (None, 1)
    assert "⌛" in matrix.content.decode()
    student = client.get(reverse("dashboard:student", args=[cohort.pk, waiting.pk])).content.decode()
    assert "Awaiting grading" in student


def test_the_outline_chip_says_awaiting_grading(client, setup):
    """The course outline's quiz chip says "awaiting grading" instead of a best score."""
    from lessons.models import Enrolment
    Enrolment.objects.create(user=setup["student"], course=setup["course"])
    setup["course"].published = True
    setup["course"].save()
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)
    client.force_login(setup["student"])
    page = client.get(setup["course"].get_absolute_url()).content.decode()
    chip = page.split('class="quiz-chip-score"')[1].split("</span>")[0]
    assert "awaiting grading" in chip and "best" not in chip


def test_the_quiz_form_sets_the_release_and_links_to_the_queue(client, setup):
    """The quiz settings form saves "release when the instructor decides"; the quiz page links to its queue;
    a form without the field keeps releasing at once."""
    client.force_login(setup["author"])
    url = reverse("authoring:quiz-edit", args=["case", "quiz"])
    base = {"title": "Quiz", "slug": "quiz", "topic": "mixed", "draw_count": "0", "attempts_allowed": "0",
            "grading_method": "highest", "pass_mark": "60", "feedback_timing": "after_submit"}
    assert client.post(url, {**base, "release": "immediate"}).status_code == 302
    setup["quiz"].refresh_from_db()
    assert setup["quiz"].release == Release.IMMEDIATE
    client.post(url, {**base, "release": "manual"})
    setup["quiz"].refresh_from_db()
    assert setup["quiz"].release == Release.MANUAL
    assert reverse("authoring:grading-queue", args=["case", "quiz"]) in client.get(url).content.decode()


@pytest.mark.parametrize("answers", [1, 6])
def test_the_grading_page_and_save_and_next_take_a_fixed_number_of_queries(client, setup, answers):
    """Opening an answer, and saving it with "Save and next", cost the same for one answer in the queue as for six."""
    responses = [_submitted(setup["quiz"], make_user(f"s{n}"))[1] for n in range(answers + 1)]
    client.force_login(setup["author"])
    url = reverse("authoring:grading-answer", args=["case", responses[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as opened:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as saved:
        assert client.post(url, {"level-claim": "1", "level-evidence": "1", "next": "1"}).status_code == 302
    # Opening locks the answer's row to claim it; saving locks the attempt, then reads it afresh under the lock,
    # and rewrites its summaries (quizzes.summary, three queries each: the attempt's topic scores, the student's
    # sums by topic, their grade and their answer tallies, two more for their wrong answers; their enrolment locked
    # first).
    assert (len(opened), len(saved)) == (14, 45)


def test_a_timed_quiz_takes_no_essay_in_the_instructor_area(client, setup, course_data):
    """Adding an essay to a timed quiz is refused with a message; a time limit on a quiz with essays is a form error."""
    timed = make_quiz(setup["course"], [], slug="timed", time_limit_minutes=30)
    client.force_login(setup["author"])
    response = client.post(reverse("authoring:quiz-questions", args=["case", "timed"]),
                           {"action": f"add:{setup['essay'].pk}"}, follow=True)
    assert "A timed quiz holds no essays" in response.content.decode() and not timed.quiz_questions.exists()
    base = {"title": "Quiz", "slug": "quiz", "topic": "mixed", "draw_count": "0", "attempts_allowed": "0",
            "grading_method": "highest", "pass_mark": "60", "feedback_timing": "after_submit",
            "time_limit_minutes": "20"}
    response = client.post(reverse("authoring:quiz-edit", args=["case", "quiz"]), base)
    assert response.status_code == 200 and "A quiz with essays has no time limit" in response.content.decode()
    setup["quiz"].refresh_from_db()
    assert setup["quiz"].time_limit_minutes is None


def test_the_admin_regrade_keeps_a_persons_grade_and_waits_for_one(setup):
    """A key correction regrades the choice question and keeps the essay's grade; an attempt awaiting grading
    still has no score after it."""
    from quizzes.admin_actions import regrade_apply, regrade_plans
    from quizzes.models import Option
    graded, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)  # 1 + 3 points, not released
    waiting, _other = _submitted(setup["quiz"], make_user("waiting"))
    single = setup["quiz"].quiz_questions.get(position=1).question
    Option.objects.filter(question=single, text="Security").update(is_correct=False)
    Option.objects.filter(question=single, text="Power").update(is_correct=True)
    plans = {plan.attempt.pk: plan for plan in regrade_plans(Attempt.objects.all())}
    assert (plans[graded.pk].old, plans[graded.pk].new) == (4.0, 3.0)
    assert (plans[waiting.pk].old, plans[waiting.pk].new) == (None, None)
    assert regrade_apply(plans[graded.pk]) == (4.0, 3.0) and regrade_apply(plans[waiting.pk]) == (None, None)
    graded.refresh_from_db()
    assert graded.grading == "graded" and graded.responses.get(position=2).score == 3.0


def test_the_admin_csv_says_awaiting_grading(client, setup, administrator):
    """The admin's attempts CSV has a status column: awaiting grading, with no score."""
    import csv
    import io
    attempt, _essay = _submitted(setup["quiz"], setup["student"])
    client.force_login(administrator)
    response = client.post(reverse("admin:quizzes_attempt_changelist"),
                           {"action": "export_csv", "_selected_action": [attempt.pk]})
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    record = dict(zip(header, row, strict=True))
    assert (record["status"], record["score"], record["percent"]) == ("awaiting grading", "", "")


def test_the_queue_filters_by_state_and_question_and_orders_at_random(client, setup, course_data, other_student):
    """Needs grading / graded / all, one question, and a random order that stays put for the grader's session."""
    second = make_essay(setup["course"], course_data["lesson"], setup["rubric"], slug="q-second")
    setup["quiz"].quiz_questions.create(question=second, position=3)
    for user in (setup["student"], other_student):
        attempt = services.attempt_start(quiz=setup["quiz"], user=user)
        services.attempt_save(attempt=attempt, data={"q2": ESSAY, "q3": ESSAY})
        services.attempt_submit(attempt=attempt)
    first_answer = attempt.responses.get(position=2)
    _grade(setup, first_answer)
    client.force_login(setup["author"])
    url = reverse("authoring:grading-queue", args=["case", "quiz"])

    def rows(query):
        return [(r.response.pk, r.graded) for r in client.get(url, query).context["rows"]]

    assert [graded for _pk, graded in rows({"status": "needs"})] == [False, False, False]
    assert rows({"status": "graded"}) == [(first_answer.pk, True)]
    assert len(rows({"status": "all"})) == 4
    assert len(rows({"status": "all", "question": "q-second"})) == 2
    shuffled = rows({"status": "all", "order": "random"})
    assert sorted(shuffled) == sorted(rows({"status": "all"})) and rows({"status": "all", "order": "random"}) == shuffled


@pytest.mark.parametrize("value", ["²", "9" * 30, "9" * 5000, "-1", "7"])
def test_a_level_that_is_no_level_is_a_400_and_saves_nothing(client, setup, value):
    """A level given as an odd digit, a huge number or out of range is refused with the form again, never a 500."""
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    client.force_login(setup["author"])
    posted = client.post(reverse("authoring:grading-answer", args=["case", essay.pk]),
                         {"level-claim": value, "level-evidence": "1", "level-nope": value})
    assert posted.status_code == 400 and not EssayGrade.objects.exists()


def test_looking_at_a_graded_answer_claims_nothing(client, setup):
    """Only an answer still to grade is claimed on opening; browsing graded answers locks no one out."""
    _attempt, essay = _submitted(setup["quiz"], setup["student"])
    _grade(setup, essay)
    client.force_login(setup["author"])
    client.get(reverse("authoring:grading-answer", args=["case", essay.pk]))
    assert not EssayClaim.objects.exists()


def test_a_regrade_never_writes_over_a_grade_given_while_it_runs(setup, monkeypatch):
    """A grader's score given between the regrade's read and its write stays: the regrade writes only the
    automatic answers."""
    attempt, essay = _submitted(setup["quiz"], setup["student"])
    real = services.responses_grade

    def grade_meanwhile(responses):
        _grade(setup, essay)  # another grader, between the regrade's read of the answers and its write
        return real(responses)

    monkeypatch.setattr(services, "responses_grade", grade_meanwhile)
    services.attempt_regrade(attempt=attempt)
    essay.refresh_from_db()
    assert essay.score == 4 * 3 / 4  # claim 2 + evidence 1 of 4 points, on a 4-point question


def test_an_essay_answer_with_a_nul_character_is_a_400(client, setup):
    """A NUL character, which PostgreSQL cannot store, is refused before it reaches the database."""
    attempt = services.attempt_start(quiz=setup["quiz"], user=setup["student"])
    client.force_login(setup["student"])
    response = client.post(reverse("quizzes:save", args=[attempt.pk]), {"q2": "Russia\x00 saw NATO as a threat."})
    assert response.status_code == 400
    assert attempt.responses.get(position=2).answer is None
    assert client.get(reverse("authoring:grading-queue", args=["case", "quiz"]), {"question": "\x00"}).status_code == 400


def test_a_course_with_rubric_essays_can_be_deleted(setup):
    """Deleting a course takes its essays' keys and its rubrics with it; a rubric is kept only from outside."""
    from lessons.models import Course
    from quizzes.types.essay import Rubric

    setup["course"].delete()
    assert not Course.objects.exists() and not Rubric.objects.exists()
