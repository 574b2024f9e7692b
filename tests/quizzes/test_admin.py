"""The quizzes' admin: attempts and responses cannot be changed through it, GIFT export of the selected
questions, and accommodations that record who granted them."""

from django.contrib.auth.models import Group, Permission

from core import roles
from quizzes.gift import parse_gift
from quizzes.models import Accommodation, Attempt, Question, Quiz, Response
from tests.admin_helpers import admin_action, admin_url
from quizzes.services import attempt_start
from tests.factories import make_quiz, make_user


def test_attempt_page_has_no_editable_field(superuser_client, take, student):
    """The attempt page shows the answers but offers no input and no save button."""
    attempt = take(student, {1: {"option": 1}})
    response = superuser_client.get(admin_url(Attempt, "change", attempt.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    for inline in response.context["inline_admin_formsets"]:
        assert all(form.fields.keys() <= {"id", "attempt", "DELETE"} for form in inline.formset.forms)
        assert not inline.has_add_permission and not inline.has_delete_permission
    assert b'name="_save"' not in response.content
    assert b"Security" in response.content  # the student's answer, described


def test_attempt_and_response_cannot_be_changed_by_post(superuser_client, take, student):
    """Posting a change, an addition or a deletion of an attempt or a response is refused (403)."""
    attempt = take(student, {1: {"option": 2}})
    answer = attempt.responses.get(position=1)
    for model, obj in ((Attempt, attempt), (Response, answer)):
        assert superuser_client.post(admin_url(model, "change", obj.pk),
                                     {"score": "99", "fraction": "1"}).status_code == 403
        assert superuser_client.get(admin_url(model, "add")).status_code == 403
        assert superuser_client.post(admin_url(model, "add"), {}).status_code == 403
        assert superuser_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    attempt.refresh_from_db()
    answer.refresh_from_db()
    assert attempt.score == 0.0 and answer.score == 0.0 and answer.answer == {"option": 2}


def test_quiz_with_attempts_cannot_be_deleted_in_admin(superuser_client, take, student, quiz):
    """Deleting a quiz would delete its attempts, so admin refuses it."""
    take(student, {})
    response = superuser_client.get(admin_url(type(quiz), "delete", quiz.pk))
    assert {str(name) for name in response.context["perms_lacking"]} == {"attempt", "response", "attempt score by topic"}
    response = superuser_client.post(admin_url(type(quiz), "delete", quiz.pk), {"post": "yes"})
    assert response.status_code == 403
    assert type(quiz).objects.filter(pk=quiz.pk).exists()


def test_administrator_without_delete_permission_has_no_delete_action(client, db, take, student):
    """Deleting attempts needs the delete permission, even for an administrator (who may still export and regrade)."""
    take(student, {})
    administrators = Group.objects.get(name=roles.ADMINISTRATORS)
    administrators.permissions.remove(Permission.objects.get(codename="delete_attempt"))
    clerk = make_user("clerk", roles.ADMINISTRATORS)
    clerk.is_superuser = False
    clerk.save()
    client.force_login(clerk)
    response = client.get(admin_url(Attempt))
    assert response.status_code == 200
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert {"export_csv", "regrade"} <= actions
    assert "delete_attempts" not in actions


def test_reset_records_and_topic_summaries_are_read_only(superuser_client, take, student, instructor):
    """What remains of a reset attempt, and the dashboards' precomputed summary, cannot be edited or deleted."""
    from quizzes.models import AttemptTopicScore
    from quizzes.services import attempt_reset

    record = attempt_reset(attempt=take(student, {}), reset_by=instructor)
    take(student, {})
    summary = AttemptTopicScore.objects.first()
    for obj in (record, summary):
        model = type(obj)
        assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200
        assert superuser_client.post(admin_url(model, "change", obj.pk), {"note": "x", "total": 9}).status_code == 403
        assert superuser_client.get(admin_url(model, "add")).status_code == 403
        assert superuser_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403


def test_gift_export_contains_the_selected_questions(superuser_client, questions):
    """The GIFT download holds the selected questions GIFT can express, and no others."""
    chosen = [questions["single"], questions["truefalse"], questions["short"]]
    response = admin_action(superuser_client, Question, "export_gift", chosen)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    parsed = parse_gift(response.content.decode())
    assert sorted(p.draft["slug"] for p in parsed) == ["q-short", "q-single", "q-truefalse"]
    single = next(p.draft for p in parsed if p.draft["slug"] == "q-single")
    assert [o["correct"] for o in single["options"]] == [True, False, False]


def test_gift_export_warns_about_ordering_questions(superuser_client, questions):
    """An ordering question is left out of the GIFT text, and the next page says so."""
    response = admin_action(superuser_client, Question, "export_gift", [questions["ordering"], questions["single"]])
    assert "q-ordering" not in response.content.decode()
    page = superuser_client.get(admin_url(Question))
    assert "left out: q-ordering" in "".join(str(m) for m in page.context["messages"])


def test_accommodation_records_who_granted_it(superuser_client, quiz, student, administrator):
    """A grant added in admin records the administrator who made it."""
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=30)
    response = superuser_client.post(admin_url(Accommodation, "add"), {
        "quiz": quiz.pk, "user": student.pk, "extra_minutes": 15, "extra_attempts": 1, "note": "Dyslexia"})
    assert response.status_code == 302
    assert Accommodation.objects.get().granted_by == administrator


def test_the_admin_publish_action_keeps_a_quiz_with_no_questions_a_draft(superuser_client, course_data, quiz):
    """Publishing from the admin follows the instructor area's rule: an empty quiz stays a draft, with the reason."""
    empty = make_quiz(course_data["course"], [], slug="empty", published=False)
    Quiz.objects.filter(pk=quiz.pk).update(published=False)
    admin_action(superuser_client, Quiz, "publish", [empty, quiz])
    response = superuser_client.get(admin_url(Quiz))
    empty.refresh_from_db()
    quiz.refresh_from_db()
    assert (empty.published, quiz.published) == (False, True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown[-1] == "Published 1 quiz."
    assert shown[0].startswith(f"“{empty}” was not published. It has no questions yet")


def test_an_admin_grant_of_extra_time_on_an_untimed_quiz_is_a_form_error(superuser_client, quiz, student):
    """The admin refuses extra minutes on a quiz with no time limit, as the instructor area does, and saves nothing."""
    response = superuser_client.post(admin_url(Accommodation, "add"), {
        "quiz": quiz.pk, "user": student.pk, "extra_minutes": 15, "extra_attempts": 0, "note": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This quiz has no time limit, so extra time would change nothing."]
    assert not Accommodation.objects.exists()


def test_an_admin_grant_gives_an_attempt_in_progress_its_extra_minutes(superuser_client, quiz, student):
    """Extra minutes granted on the admin's grant page move the deadline of the attempt the student has running."""
    Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=30)
    quiz.refresh_from_db()
    attempt = attempt_start(quiz=quiz, user=student)
    deadline = attempt.deadline_at
    superuser_client.post(admin_url(Accommodation, "add"), {
        "quiz": quiz.pk, "user": student.pk, "extra_minutes": 10, "extra_attempts": 0, "note": ""})
    attempt.refresh_from_db()
    assert (attempt.deadline_at - deadline).total_seconds() == 600
