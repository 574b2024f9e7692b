"""Grades back to the LMS (AGS): when a quiz attempt is graded, the student's
quiz grade by its grading method goes to the line item; again after a
regrade, a reset or attempts deleted in the admin; a failed post waits in the
outbox and is sent by `lti_retry` or with the next grade. (After an essay's
release: not yet, the open-response issue has not landed.)"""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from lti.models import ContextClass, GradePost, QuizLineItem
from quizzes.models import Attempt, Option
from tests.factories import answer_form, make_course, make_questions, make_quiz, make_user
from tests.lti.conftest import do_launch
from tests.lti.platform import INSTRUCTOR, LEARNER

RIGHT, WRONG = {"option": 1}, {"option": 2}


@pytest.fixture
def quiz(db):
    course, first, _second = make_course()
    single = make_questions(course, first)["single"]
    return make_quiz(course, [single], title="One question", grading_method="highest", attempts_allowed=0)


@pytest.fixture
def launched(registration, platform, quiz):
    """Teacher and learner launched the deep-linked quiz; the launch carried its line item."""
    line_item = f"{platform.url}/lineitems/7"
    claims = {"custom": {"casebook": f"quiz:{quiz.pk}"}, "extra": platform.ags_claim(lineitem=line_item)}
    teacher, _response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], **claims)
    client, response = do_launch(platform, sub="learner-1", roles=[LEARNER], **claims)
    assert response["Location"] == quiz.get_absolute_url()
    return {"learner": client, "teacher": teacher}


@pytest.fixture
def learner(launched):
    return launched["learner"]


def _take(client, quiz, answer):
    """Start, answer and submit through the quiz pages, as the student's browser does."""
    started = client.post(reverse("quizzes:start", kwargs={"course": quiz.course.slug, "quiz": quiz.slug}))
    attempt = Attempt.objects.get(pk=started["Location"].rstrip("/").split("/")[-1])
    response = attempt.responses.get()
    client.post(reverse("quizzes:save", args=[attempt.pk]), answer_form(response, answer))
    assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 302
    return attempt


def test_grade_posted_after_a_quiz(learner, platform, quiz, django_capture_on_commit_callbacks):
    """Submitting sends the grade (percent of 100) to the launch's line item for the LMS user, fully graded."""
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    [score] = platform.scores
    assert score["userId"] == "learner-1"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (100.0, 100)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert score["lineitem"] == f"{platform.url}/lineitems/7"
    assert GradePost.objects.get().status == "sent"


def test_grade_follows_the_grading_method(learner, platform, quiz, django_capture_on_commit_callbacks):
    """With "highest", a worse second attempt posts the first one's 100 again, not 0."""
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, WRONG)
    assert [s["scoreGiven"] for s in platform.scores] == [100.0, 100.0]


def test_grade_posted_again_after_a_regrade(learner, platform, quiz, administrator,
                                            django_capture_on_commit_callbacks):
    """The administrator's regrade after a key correction sends the new grade."""
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _take(learner, quiz, WRONG)
    assert platform.scores[-1]["scoreGiven"] == 0.0
    question = quiz.questions.get()
    Option.objects.filter(question=question, position=1).update(is_correct=False)
    Option.objects.filter(question=question, position=2).update(is_correct=True)
    admin = type(learner)()
    admin.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("admin:quizzes_attempt_changelist"),
                   {"action": "regrade", ACTION_CHECKBOX_NAME: [attempt.pk], "post": "yes"})
    assert [s["scoreGiven"] for s in platform.scores] == [0.0, 100.0]


def test_failed_post_is_kept_and_retried(learner, platform, quiz, django_capture_on_commit_callbacks):
    """The gradebook is down: the grade stays pending with the error (the page still works);
    `lti_retry` sends it once the LMS is back."""
    platform.fail_scores = True
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    post = GradePost.objects.get()
    assert (post.status, post.tries) == ("pending", 1)
    assert "503" in post.last_error
    assert platform.scores == []
    platform.fail_scores = False
    out = io.StringIO()
    call_command("lti_retry", stdout=out)
    assert "1 sent, 0 still pending." in out.getvalue()
    post.refresh_from_db()
    assert (post.status, post.tries, post.last_error) == ("sent", 2, "")
    assert [s["scoreGiven"] for s in platform.scores] == [100.0]


def test_failed_post_goes_with_the_next_grade(learner, platform, quiz, django_capture_on_commit_callbacks):
    """A pending grade is superseded by the next one, which is sent: the LMS gets the latest grade once."""
    platform.fail_scores = True
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, WRONG)
    platform.fail_scores = False
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    assert [s["scoreGiven"] for s in platform.scores] == [100.0]
    assert sorted(GradePost.objects.values_list("status", flat=True)) == ["sent", "superseded"]


def test_outbox_is_visible_to_administrators_only(learner, platform, quiz, administrator, instructor, client,
                                                  django_capture_on_commit_callbacks):
    """The admin lists pending grade posts with their error; an instructor does not get in."""
    platform.fail_scores = True
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    client.force_login(administrator)
    page = client.get(reverse("admin:lti_gradepost_changelist"), {"status": "pending"})
    assert page.status_code == 200
    assert "gradebook offline" in page.content.decode()
    client.force_login(instructor)
    assert client.get(reverse("admin:lti_gradepost_changelist")).status_code == 302


def test_no_post_for_a_student_outside_the_lms(learner, platform, quiz, django_capture_on_commit_callbacks):
    """A Casebook student who never came from the LMS has nothing sent, nothing queued."""
    other = type(learner)()
    other.force_login(make_user("local-student"))
    with django_capture_on_commit_callbacks(execute=True):
        _take(other, quiz, RIGHT)
    assert platform.scores == []
    assert not GradePost.objects.exists()
    assert QuizLineItem.objects.count() == 1


def test_line_item_made_through_ags_when_the_launch_has_none(registration, platform, quiz,
                                                             django_capture_on_commit_callbacks):
    """A link without a line item (not deep-linked): Casebook finds or makes one by the quiz's resource id."""
    claims = {"custom": {"casebook": f"quiz:{quiz.pk}"}, "extra": platform.ags_claim()}
    client, _response = do_launch(platform, sub="learner-1", roles=[LEARNER], **claims)
    do_launch(platform, sub="learner-2", roles=[LEARNER], **claims)
    [item] = platform.line_items.values()
    assert (item["resourceId"], item["scoreMaximum"], item["label"]) == (f"casebook-quiz-{quiz.pk}", 100,
                                                                       "One question")
    with django_capture_on_commit_callbacks(execute=True):
        _take(client, quiz, RIGHT)
    assert platform.scores[0]["lineitem"] == item["id"]


def test_failed_post_is_retried_with_the_next_students_grade(learner, platform, quiz,
                                                             django_capture_on_commit_callbacks):
    """One student's grade failed; the next grade anyone gets sends it too, without waiting for lti_retry."""
    platform.fail_scores = True
    with django_capture_on_commit_callbacks(execute=True):
        _take(learner, quiz, RIGHT)
    platform.fail_scores = False
    claims = {"custom": {"casebook": f"quiz:{quiz.pk}"}, "extra": platform.ags_claim(lineitem=f"{platform.url}/lineitems/7")}
    second, _response = do_launch(platform, sub="learner-2", roles=[LEARNER], **claims)
    with django_capture_on_commit_callbacks(execute=True):
        _take(second, quiz, WRONG)
    assert sorted((s["userId"], s["scoreGiven"]) for s in platform.scores) == [("learner-1", 100.0),
                                                                              ("learner-2", 0.0)]
    assert set(GradePost.objects.values_list("status", flat=True)) == {"sent"}


def test_reset_tells_the_lms_the_grade_is_gone(launched, platform, quiz, django_capture_on_commit_callbacks):
    """The class's instructor resets the only attempt: the LMS gets a score with no grade, not ready."""
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _take(launched["learner"], quiz, RIGHT)
    cohort = ContextClass.objects.get().cohort
    with django_capture_on_commit_callbacks(execute=True):
        reset = launched["teacher"].post(reverse("dashboard:attempt-reset", args=[cohort.pk, attempt.pk]))
    assert reset.status_code == 302
    last = platform.scores[-1]
    assert (last["userId"], last["gradingProgress"], last["activityProgress"]) == ("learner-1", "NotReady",
                                                                                   "Initialized")
    assert "scoreGiven" not in last


def test_attempts_deleted_in_the_admin_tell_the_lms(learner, platform, quiz, administrator,
                                                    django_capture_on_commit_callbacks):
    """The admin's "delete attempts" action: deleting the better attempt sends the grade left (the other
    attempt's 0); deleting the last one tells the LMS there is no grade."""
    with django_capture_on_commit_callbacks(execute=True):
        right = _take(learner, quiz, RIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        wrong = _take(learner, quiz, WRONG)
    assert [s["scoreGiven"] for s in platform.scores] == [100.0, 100.0]
    admin = type(learner)()
    admin.force_login(administrator)
    for attempt in (right, wrong):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(reverse("admin:quizzes_attempt_changelist"),
                                  {"action": "delete_attempts", ACTION_CHECKBOX_NAME: [attempt.pk], "post": "yes"})
        assert response.status_code == 302 and not Attempt.objects.filter(pk=attempt.pk).exists()
    first, last = platform.scores[2:]
    assert (first["scoreGiven"], first["gradingProgress"]) == (0.0, "FullyGraded")
    assert (last["userId"], last["gradingProgress"], last["activityProgress"]) == ("learner-1", "NotReady",
                                                                                   "Initialized")
    assert "scoreGiven" not in last and len(platform.scores) == 4
