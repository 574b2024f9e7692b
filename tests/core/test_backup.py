"""backup → empty database → restore gives back every student's progress and attempts."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Enrolment, Lesson, LessonProgress
from quizzes.models import Attempt, Question, Response

CONTENT = Path(__file__).resolve().parents[2] / "content"
MODELS = [User, Group, Lesson, Question, Enrolment, LessonProgress, Attempt, Response]


def snapshot():
    return {
        "counts": {m.__name__: m.objects.count() for m in MODELS},
        "progress": sorted(LessonProgress.objects.values_list("user__username", "lesson__slug", "seconds_spent")),
        "attempts": sorted(Attempt.objects.values_list("user__username", "quiz__slug", "number", "score")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    """backup → emptied database → restore gives back progress, attempts, uploads, passwords; refused if not empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "markdownx").mkdir(parents=True)
    (tmp_path / "media" / "markdownx" / "map.png").write_bytes(b"\x89PNG fake but kept")
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    before = snapshot()
    assert before["counts"]["Attempt"] and before["counts"]["LessonProgress"]

    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    call_command("flush", "--noinput", verbosity=0)
    (tmp_path / "media" / "markdownx" / "map.png").unlink()
    assert not User.objects.exists()

    call_command("restore", str(archive), stdout=open("/dev/null", "w"))
    assert snapshot() == before
    assert (tmp_path / "media" / "markdownx" / "map.png").read_bytes() == b"\x89PNG fake but kept"
    assert User.objects.get(username="student1").check_password("casebook-student")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_essay_grades_their_rubric_trail_and_the_attempt_state(tmp_path, settings):
    """An essay graded and not released comes back from a backup with its grade, rubric copy, trail and state."""
    from core import roles
    from quizzes import services
    from quizzes.types.essay import EssayGrade, EssayGradeChange, Rubric, essay_grade
    from tests.factories import make_course, make_quiz, make_user
    from tests.quizzes.essays import make_essay, make_rubric

    settings.MEDIA_ROOT = tmp_path / "media"
    course, lesson, _second = make_course()
    quiz = make_quiz(course, [make_essay(course, lesson, make_rubric(course))], release="manual")
    grader = make_user("grader", roles.INSTRUCTORS)
    attempt = services.attempt_start(quiz=quiz, user=make_user("writer"))
    services.attempt_save(attempt=attempt, data={"q1": "Russia read enlargement as a threat."})
    services.attempt_submit(attempt=attempt)
    essay_grade(response=attempt.responses.get(), grader=grader, levels={"claim": 2, "evidence": 1},
                comments={"claim": "Clear."})

    def state():
        return (list(Attempt.objects.values_list("grading", "score")),
                list(EssayGrade.objects.values_list("rubric", "levels", "comments", "score", "graded_by__username")),
                list(EssayGradeChange.objects.values_list("before", "after", "changed_by__username")),
                Rubric.objects.get().as_snapshot())

    before = state()
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    call_command("flush", "--noinput", verbosity=0)
    call_command("restore", str(archive), stdout=open("/dev/null", "w"))
    assert state() == before and before[0] == [("graded", 3.0)]
