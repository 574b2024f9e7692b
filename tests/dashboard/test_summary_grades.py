"""The students' quiz grades (quizzes.QuizGrade) and the days of activity
(lessons.ActivityDay) are written on the write path and always agree with a
recomputation from the attempts and lesson records: after a submit, a
regrade, a reset, a deletion, an essay's grade and a change of grading method,
in each edition and in both together."""

import datetime
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from dashboard import selectors
from lessons import services as lesson_services
from lessons.models import ActivityDay, Enrolment
from quizzes import services as quiz_services
from quizzes.grading import quiz_grade_percent, score_percent
from quizzes.models import (
    Attempt, GradingMethod, QuizGrade, Release, Response, ResponseTally, StudentTopicScore, WrongAnswerTally,
)
from quizzes.types import get_type
from quizzes.types.essay import essay_grade
from tests.classroom import enrol, read, right_answer, take
from tests.factories import make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric

pytestmark = pytest.mark.django_db

# The cascade: a delete per related table, none per attempt; then the course's topic sums by student, read afresh.
DELETE_QUIZ_QUERIES = 19


def _recomputed(cohort, quizzes, language="") -> dict:
    """Each student's grade on each quiz straight from their attempts (what the dashboards once did on every read)."""
    percents = defaultdict(list)
    attempts = Attempt.objects.counted().submitted().exclude(grading=Attempt.Grading.AWAITING).filter(
        quiz__in=quizzes, user_id__in=selectors.student_ids(cohort))
    for user_id, quiz_id, score, max_score in (attempts.filter(language=language) if language else attempts).order_by(
            "user_id", "quiz_id", "number").values_list("user_id", "quiz_id", "score", "max_score"):
        percents[(user_id, quiz_id)].append(score_percent(score, max_score))
    by_id = {quiz.pk: quiz for quiz in quizzes}
    return {key: quiz_grade_percent(by_id[key[1]], values) for key, values in percents.items()}


SAM_FIRST = 9.5  # the fixture's sam answers every question wrong: partial credit on one


def _grades(cohort, quizzes, language="") -> dict:
    return selectors.class_grades(cohort, quizzes, language).grades


def _agree(cohort, *quizzes) -> dict:
    for language in ("", "en", "zh-hant"):
        assert _grades(cohort, list(quizzes), language) == _recomputed(cohort, quizzes, language)
    return _grades(cohort, list(quizzes))


def test_a_submit_and_a_second_attempt_write_the_grade(klass):
    """Each submission rewrites the student's grade by the quiz's method (highest here)."""
    cohort, quiz, sam = klass["cohort"], klass["quiz"], klass["sam"]
    assert _agree(cohort, quiz)[(sam.pk, quiz.pk)] == SAM_FIRST
    take(quiz, sam)
    assert _agree(cohort, quiz)[(sam.pk, quiz.pk)] == 100.0
    assert QuizGrade.objects.get(user=sam, quiz=quiz, language="").scored == 2


def test_an_open_attempt_has_no_grade(klass):
    """Starting an attempt writes no grade: only submitted attempts count."""
    nino = enrol(klass["cohort"], "nino")
    quiz_services.attempt_start(quiz=klass["quiz"], user=nino)
    assert not QuizGrade.objects.filter(user=nino).exists()
    assert (nino.pk, klass["quiz"].pk) not in _agree(klass["cohort"], klass["quiz"])


def test_a_regrade_rewrites_the_grade(klass):
    """A regrade that gives a point (the key was wrong) raises the grade the dashboards read."""
    cohort, quiz, sam = klass["cohort"], klass["quiz"], klass["sam"]
    attempt = Attempt.objects.get(user=sam)
    response = attempt.responses.get(question=klass["questions"]["single"])
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": [response.answer["option"]]}}
    response.save(update_fields=["snapshot"])
    old, new = quiz_services.attempt_regrade(attempt=attempt)
    assert new == old + 1
    assert _agree(cohort, quiz)[(sam.pk, quiz.pk)] == score_percent(new, attempt.max_score) > SAM_FIRST


def test_a_reset_or_a_deletion_takes_the_grade_back(klass, instructor):
    """A reset attempt leaves the grades, and so does one deleted outright (as the admin does)."""
    cohort, quiz, lin, sam = klass["cohort"], klass["quiz"], klass["lin"], klass["sam"]
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=lin), reset_by=instructor)
    assert (lin.pk, quiz.pk) not in _agree(cohort, quiz)
    assert not QuizGrade.objects.filter(user=lin).exists()
    take(quiz, sam)
    Attempt.objects.filter(user=sam, number=2).get().delete()
    assert _agree(cohort, quiz)[(sam.pk, quiz.pk)] == SAM_FIRST


def test_a_changed_grading_method_rewrites_every_grade(klass):
    """Highest, then first, then average: every student's grade follows the quiz's method."""
    cohort, quiz, sam = klass["cohort"], klass["quiz"], klass["sam"]
    take(quiz, sam)  # 9.5 %, then 100 %
    for method, expected in ((GradingMethod.FIRST, SAM_FIRST), (GradingMethod.AVERAGE, 54.8),
                             (GradingMethod.HIGHEST, 100.0)):
        quiz.grading_method = method
        quiz.save()
        assert _agree(cohort, quiz)[(sam.pk, quiz.pk)] == expected


def test_each_edition_has_its_own_grade_and_both_pool(klass):
    """An attempt in each edition: each edition's grade is its own attempt's, both together the method's."""
    cohort, quiz, sam = klass["cohort"], klass["quiz"], klass["sam"]  # sam's first attempt is in English
    attempt = quiz_services.attempt_start(quiz=quiz, user=sam, language="zh-hant")
    for response in attempt.responses.all():
        response.answer = right_answer(response.snapshot)
        response.save(update_fields=["answer"])
    quiz_services.attempt_submit(attempt=attempt)
    _agree(cohort, quiz)
    assert {(g.language, g.grade) for g in QuizGrade.objects.filter(user=sam)} == {
        ("", 100.0), ("en", SAM_FIRST), ("zh-hant", 100.0)}


def test_an_essay_awaiting_grading_is_counted_apart_until_graded(course_data, questions, instructor):
    """Awaiting: no grade, one attempt awaiting; graded: the grade, nothing awaiting."""
    from tests.factories import make_cohort
    course = course_data["course"]
    cohort = make_cohort(course, instructor)
    essay = make_essay(course, course_data["lesson"], make_rubric(course))
    quiz = make_quiz(course, [questions["single"], essay], slug="essays", release=Release.MANUAL)
    student = enrol(cohort, "writer")
    attempt = quiz_services.attempt_start(quiz=quiz, user=student)
    quiz_services.attempt_save(attempt=attempt, data={"q2": "Russia read NATO's enlargement as a threat."})
    attempt = quiz_services.attempt_submit(attempt=attempt)
    waiting = selectors.class_grades(cohort, [quiz])
    assert (waiting.grades, waiting.awaiting) == ({}, {(student.pk, quiz.pk): 1})
    essay_grade(response=attempt.responses.get(position=2), grader=make_user("author"),
                levels={"claim": 2, "evidence": 2})
    graded = selectors.class_grades(cohort, [quiz])
    assert graded.awaiting == {}
    assert graded.grades == _recomputed(cohort, [quiz]) != {}


def _activity(cohort) -> dict:
    return {d["day"]: (d["active"], d["lessons"], d["attempts"])
            for d in selectors.class_overview(cohort)["activity"] if d["active"] or d["lessons"] or d["attempts"]}


def test_each_day_a_student_opens_a_lesson_counts(klass):
    """A lesson opened three days ago and again today: both days count the student as active."""
    cohort, lesson = klass["cohort"], klass["lesson"]
    nino = enrol(cohort, "nino")
    now = timezone.now()
    for days_ago in (3, 2, 0):
        lesson_services.lesson_open(user=nino, lesson=lesson, now=now - datetime.timedelta(days=days_ago))
    days = _activity(cohort)
    today = timezone.localdate(now)
    for days_ago in (3, 2):
        assert days[today - datetime.timedelta(days=days_ago)] == (1, 0, 0)
    assert days[today][0] == 3  # nino, and lin and sam of the fixture


def test_a_lesson_marked_not_done_and_a_reset_attempt_are_taken_back(klass, instructor):
    """The day's counts are of lessons still completed and attempts still there; the student stays active."""
    cohort, lesson, lin = klass["cohort"], klass["lesson"], klass["lin"]
    today = timezone.localdate()
    assert _activity(cohort)[today] == (2, 1, 2)
    lesson_services.lesson_uncomplete(user=lin, lesson=lesson)
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=lin), reset_by=instructor)
    assert _activity(cohort)[today] == (2, 0, 1)


def test_previews_count_nowhere(klass, instructor):
    """An instructor's preview of the quiz writes no grade and no activity."""
    before = (_activity(klass["cohort"]), QuizGrade.objects.count(), ActivityDay.objects.count())
    attempt = quiz_services.attempt_start(quiz=klass["quiz"], user=instructor, preview=True)
    quiz_services.attempt_submit(attempt=attempt)
    assert (_activity(klass["cohort"]), QuizGrade.objects.count(), ActivityDay.objects.count()) == before


def test_the_rebuild_command_recomputes_lost_grades_and_activity(klass):
    """`manage.py summaries_rebuild` refills the grades and the hours from the attempts and lesson records."""
    read(klass["sam"], klass["second"], when=timezone.now() - datetime.timedelta(days=4))
    cohort = klass["cohort"]
    expected = (selectors.class_grades(cohort, [klass["quiz"]]), _activity(cohort))
    QuizGrade.objects.all().delete()
    ActivityDay.objects.all().delete()
    assert _activity(cohort) == {}
    call_command("summaries_rebuild", stdout=open("/dev/null", "w"))
    assert (selectors.class_grades(cohort, [klass["quiz"]]), _activity(cohort)) == expected
    assert expected[0].grades and len(expected[1]) == 2


def test_the_migrations_fill_the_tables_as_the_services_write_them(klass, instructor):
    """quizzes 0014's to 0018's fills, run over data the services wrote, give the rows the services gave."""
    import importlib

    from django.apps import apps

    read(klass["sam"], klass["second"], when=timezone.now() - datetime.timedelta(days=4))
    take(klass["quiz"], klass["sam"])

    def rows():
        return (sorted(QuizGrade.objects.values_list("user_id", "quiz_id", "language", "grade", "scored", "graded",
                                                     "awaiting")),
                sorted(ActivityDay.objects.values_list("user_id", "course_id", "day", "lessons", "attempts")),
                sorted((t.user_id, t.question_id, t.language, t.n, round(t.sx, 9), round(t.sy, 9), round(t.sxx, 9),
                        round(t.syy, 9), round(t.sxy, 9), t.last_response_id) for t in ResponseTally.objects.all()),
                sorted(Enrolment.objects.values_list("user_id", "last_active_at")),
                sorted(StudentTopicScore.objects.values_list("user_id", "course_id", "topic", "language", "total",
                                                             "answered")),
                sorted((t.user_id, t.question_id, t.language, repr(t.answer), t.n, t.first_attempt_id)
                       for t in WrongAnswerTally.objects.all()))
    written = rows()
    for model in (QuizGrade, ActivityDay, ResponseTally, StudentTopicScore, WrongAnswerTally):
        model.objects.all().delete()
    Enrolment.objects.update(last_active_at=None)
    importlib.import_module("quizzes.migrations.0014_quizgrade").fill(apps, None)
    importlib.import_module("quizzes.migrations.0015_responsetally").fill(apps, None)
    importlib.import_module("quizzes.migrations.0016_studenttopicscore").fill(apps, None)
    importlib.import_module("quizzes.migrations.0017_activityday_fill").fill(apps, None)
    importlib.import_module("quizzes.migrations.0018_wronganswertally").fill(apps, None)
    assert rows() == written
    assert [len(written[0]), len(written[2])] == [4, 2 * len(klass["questions"])]
    assert len(written[1]) >= 2 and all(moment is not None for _user, moment in written[3]) and written[4] and written[5]


def _indices_from_answers(cohort, quiz) -> dict:
    """Each question's answers, facility, discrimination and commonest mistakes straight from the graded answers."""
    pairs, wrong, snapshots = defaultdict(list), defaultdict(dict), {}
    for response in Response.objects.filter(
            attempt__quiz=quiz, attempt__is_preview=False, attempt__submitted_at__isnull=False,
            attempt__grading__in=["", Attempt.Grading.GRADED], attempt__user_id__in=selectors.student_ids(cohort),
            question__isnull=False).select_related("attempt").order_by("attempt_id", "position"):
        snapshots[response.question_id] = response.snapshot
        if response.fraction is None or response.fraction < 1:
            key = repr(response.answer)
            given = wrong[response.question_id].setdefault(key, [response.answer, 0])
            given[1] += 1
        rest_max = response.attempt.max_score - response.snapshot["points"]
        rest = (response.attempt.score or 0) - (response.score or 0)
        pairs[response.question_id].append((response.fraction or 0.0, rest / rest_max if rest_max > 0 else 0.0))
    return {question_id: (len(xy), round(100 * sum(x for x, _y in xy) / len(xy), 1), selectors._correlation(xy),
                          get_type(snapshots[question_id]["type"]).wrong_answers(
                              snapshots[question_id], [tuple(given) for given in wrong[question_id].values()], len(xy)))
            for question_id, xy in pairs.items()}


def _indices(cohort, quiz) -> dict:
    return {row["question"].pk: (row["answered"], row["facility"], row["discrimination"], row["wrong"])
            for row in selectors.quiz_report(cohort, quiz)["questions"]}


def test_the_reports_tallies_follow_submits_regrades_and_resets(klass, instructor):
    """The quiz report's per-question figures, from the tallies, equal those of the answers after every write."""
    cohort, quiz, sam, lin = klass["cohort"], klass["quiz"], klass["sam"], klass["lin"]
    take(quiz, enrol(cohort, "nino"), wrong_positions={1, 4})
    assert _indices(cohort, quiz) == _indices_from_answers(cohort, quiz)
    attempt = Attempt.objects.get(user=sam)
    response = attempt.responses.get(question=klass["questions"]["single"])
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": [response.answer["option"]]}}
    response.save(update_fields=["snapshot"])
    quiz_services.attempt_regrade(attempt=attempt)
    assert _indices(cohort, quiz) == _indices_from_answers(cohort, quiz)
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=lin), reset_by=instructor)
    after = _indices(cohort, quiz)
    assert after == _indices_from_answers(cohort, quiz)
    assert {n for n, _facility, _discrimination, _wrong in after.values()} == {2}
    assert any(wrong for *_figures, wrong in after.values())


@pytest.mark.parametrize("extra", [0, 6])
def test_deleting_a_quiz_costs_the_same_however_many_attempts_it_has(klass, extra, django_assert_num_queries):
    """A quiz deleted with its attempts takes its grades and tallies with it, without a rewrite per attempt."""
    for n in range(extra):
        take(klass["quiz"], enrol(klass["cohort"], f"extra{n}"))
    with django_assert_num_queries(DELETE_QUIZ_QUERIES):
        klass["quiz"].delete()
    assert not QuizGrade.objects.exists() and not ResponseTally.objects.exists()



def _topics(cohort) -> dict:
    return {row["topic"]: (row["percent"], row["answered"]) for row in selectors.class_overview(cohort)["topics"]}


def _topics_from_answers(cohort) -> dict:
    sums = defaultdict(lambda: [0.0, 0])
    for topic, fraction in Response.objects.filter(
            attempt__in=selectors.class_attempts(cohort).submitted().exclude(grading=Attempt.Grading.AWAITING),
            question__isnull=False).values_list("question__topic", "fraction"):
        sums[topic][0] += fraction or 0.0
        sums[topic][1] += 1
    return {topic: (round(100 * total / n, 1), n) for topic, (total, n) in sums.items()}


def test_the_overviews_topics_follow_submits_regrades_resets_and_a_deleted_quiz(klass, instructor, course_data):
    """The overview's averages per topic, from the students' sums, equal those of the answers after every write."""
    cohort, quiz = klass["cohort"], klass["quiz"]
    take(quiz, enrol(cohort, "nino"), wrong_positions={2})
    assert _topics(cohort) == _topics_from_answers(cohort) != {}
    attempt = Attempt.objects.get(user=klass["sam"])
    response = attempt.responses.get(question=klass["questions"]["single"])
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": [response.answer["option"]]}}
    response.save(update_fields=["snapshot"])
    quiz_services.attempt_regrade(attempt=attempt)
    assert _topics(cohort) == _topics_from_answers(cohort)
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=klass["lin"]), reset_by=instructor)
    assert _topics(cohort) == _topics_from_answers(cohort)
    second = make_quiz(course_data["course"], [klass["questions"]["single"]], slug="second")
    take(second, klass["lin"])
    assert _topics(cohort) == _topics_from_answers(cohort)
    quiz.delete()
    assert _topics(cohort) == _topics_from_answers(cohort) == {"theory": (100.0, 1)}
