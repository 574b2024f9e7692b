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
