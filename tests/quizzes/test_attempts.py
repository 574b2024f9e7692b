"""The attempt lifecycle through HTTP: start, save, submit, review; and the
rules and integrity checks around it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, FeedbackTiming
from quizzes.grading import quiz_grade_percent
from quizzes.services import attempt_start
from tests.factories import answer_form, key_form, make_quiz, start

# What the page calls an option, item or category: a random token, not an id.
TOKEN = re.compile(r"[0-9a-f]{10}")
ORDER = ["single", "multiple", "truefalse", "ordering", "date", "matching", "short"]


@pytest.fixture
def quiz(course_data, questions):
    return make_quiz(course_data["course"], [questions[t] for t in ORDER])


def right_answers(attempt) -> dict:
    """The POST that answers every question of this attempt correctly (the
    short answer in full-width capitals, which must still count)."""
    data = {}
    for response in attempt.responses.all():
        data.update(key_form(response))
        if response.snapshot["type"] == "short":
            data[f"q{response.position}"] = "ＴＳＫＨＩＮＶＡＬＩ "
    return data


def forms(attempt) -> dict:
    """{type: response} for an attempt with one question of each type."""
    return {r.snapshot["type"]: r for r in attempt.responses.all()}


@pytest.mark.django_db
def test_full_lifecycle_every_type_right(client, student, quiz):
    """A student answers every type correctly, submits, and the review shows full marks and explanations."""
    client.force_login(student)
    attempt = start(client, quiz)
    assert client.get(attempt.get_absolute_url()).status_code == 200
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), {**right_answers(attempt), "finish": "1"})
    assert saved["Location"] == reverse("quizzes:submit", args=[attempt.pk])
    confirm = client.get(saved["Location"]).content.decode()
    assert "You have answered every question." in confirm
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score == 7
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "100.0%" in review and "Because of q-ordering." in review
    assert "/courses/case/one/first/#security-dilemma" in review


@pytest.mark.django_db
def test_answer_key_never_reaches_the_open_attempt(client, student, quiz):
    """The HTML of an open attempt holds no key, correctness flag, feedback or explanation."""
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), right_answers(attempt))
    html = client.get(attempt.get_absolute_url()).content.decode()
    for secret in ("SECRET-FEEDBACK", "Because of", "is_correct", "correct", "Tskhinval\"", "category_of"):
        assert secret not in html, secret
    for response in attempt.responses.all():
        prefix = f"q{response.position}"
        if response.snapshot["type"] in ("single", "multiple"):
            values = re.findall(rf'name="{prefix}" value="([^"]*)"', html)
            assert len(values) == len(response.snapshot["options"]) and all(TOKEN.fullmatch(v) for v in values)
        if response.snapshot["type"] in ("ordering", "matching"):
            names = re.findall(rf'name="{prefix}-(?:rank|item)-([^"]*)"', html)
            assert len(names) == len(response.snapshot["items"]) and all(TOKEN.fullmatch(n) for n in names)


@pytest.mark.django_db
def test_partial_and_wrong_answers(client, student, quiz):
    """Partial credit for multiple response; wrong answers score zero; blank ones are 'not answered'."""
    client.force_login(student)
    attempt = start(client, quiz)
    by_type = forms(attempt)
    client.post(reverse("quizzes:save", args=[attempt.pk]), {
        **answer_form(by_type["multiple"], {"options": [1, 2, 3]}),
        **answer_form(by_type["truefalse"], {"value": False}), **answer_form(by_type["short"], {"text": "Sukhumi"})})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    scores = {r.snapshot["type"]: r.fraction for r in attempt.responses.all()}
    assert scores["multiple"] == 0.5 and scores["truefalse"] == 0 and scores["short"] == 0
    assert scores["single"] == 0 and scores["date"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field, value, message", [
    ("single", "99", "not part of this question"),
    ("single", "1", "not part of this question"),
    ("truefalse", "maybe", "Answer true or false"),
    ("short", "x" * 500, "under 200 characters"),
    ("date-year", "twenty", "Enter the year as a number"),
    ("multiple", "77", "not part of this question"),
    ("matching-item", "9", "category is not part of this question"),
    ("matching-item", "0", "category is not part of this question"),
    ("ordering-move", "5:sideways", "Unknown move"),
])
def test_malformed_answers_are_400_and_keep_other_answers(client, student, quiz, field, value, message):
    """A malformed answer is a clear 400 and the other answers in the same form are still saved."""
    client.force_login(student)
    attempt = start(client, quiz)
    positions = {r.snapshot["type"]: r.position for r in attempt.responses.all()}
    qtype, _, suffix = field.partition("-")
    bad_name = f"q{positions[qtype]}" + (f"-{suffix}" if suffix else "")
    extra = {}
    if qtype == "ordering":  # a full, valid ranking plus a malformed move
        extra = key_form(forms(attempt)["ordering"])
    if qtype == "matching":  # a real item (its token), a category value that is not one
        bad_name += "-" + forms(attempt)["matching"].shown["tokens"]["1"]
    good = key_form(forms(attempt)["truefalse" if qtype != "truefalse" else "single"])
    response = client.post(reverse("quizzes:save", args=[attempt.pk]), {bad_name: value, **good, **extra})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert attempt.responses.filter(answer__isnull=False).count() == 1


@pytest.mark.django_db
def test_ordering_with_repeated_positions_is_refused(client, student, quiz):
    """Two events in the same position is a clear error, not a silent guess."""
    client.force_login(student)
    attempt = start(client, quiz)
    ordering = forms(attempt)["ordering"]
    data = {name: "1" for name in key_form(ordering) if "-rank-" in name}
    response = client.post(reverse("quizzes:save", args=[attempt.pk]), data)
    assert response.status_code == 400 and "different position" in response.content.decode()


@pytest.mark.django_db
def test_too_many_fields_is_400(client, student, quiz):
    """An oversized form is refused with a 400, not processed."""
    client.force_login(student)
    attempt = start(client, quiz)
    response = client.post(reverse("quizzes:save", args=[attempt.pk]), {f"junk{i}": "x" for i in range(500)})
    assert response.status_code == 400


@pytest.mark.django_db
def test_autosave_json(client, student, quiz):
    """The page's autosave gets JSON back, with per-question errors."""
    client.force_login(student)
    attempt = start(client, quiz)
    single = forms(attempt)["single"]
    position = single.position
    ok = client.post(reverse("quizzes:save", args=[attempt.pk]), key_form(single), headers={"X-Requested-With": "fetch"})
    assert ok.json()["saved"] is True
    bad = client.post(reverse("quizzes:save", args=[attempt.pk]), {f"q{position}": "42"}, headers={"X-Requested-With": "fetch"})
    assert bad.status_code == 400 and str(position) in bad.json()["errors"]


@pytest.mark.django_db
def test_ordering_moves_without_javascript(client, student, quiz):
    """The Up/Down buttons work as plain form submissions."""
    client.force_login(student)
    attempt = start(client, quiz)
    response = attempt.responses.get(snapshot__type="ordering")
    order, tokens = response.shown["order"], response.shown["tokens"]
    data = {f"q{response.position}-rank-{tokens[str(item)]}": str(rank) for rank, item in enumerate(order, start=1)}
    data[f"q{response.position}-move"] = f"{tokens[str(order[1])]}:up"
    client.post(reverse("quizzes:save", args=[attempt.pk]), data)
    response.refresh_from_db()
    assert response.answer["order"] == [order[1], order[0], *order[2:]]


@pytest.mark.django_db
def test_double_submit_counts_once(client, student, quiz):
    """Submitting twice is refused with a message; the score and attempt count stay."""
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), right_answers(attempt))
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    second = client.post(reverse("quizzes:submit", args=[attempt.pk]), follow=True)
    assert "already been submitted" in second.content.decode()
    late_save = client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": "2"}, follow=True)
    assert "already been submitted" in late_save.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 7 and Attempt.objects.count() == 1


@pytest.mark.django_db
def test_other_students_attempt_is_404(client, student, other_student, quiz):
    """Another student's attempt, its saving, submission and review are all 404 (a GET of the save URL, which
    only takes POST, is 405 whoever asks)."""
    attempt = attempt_start(quiz=quiz, user=other_student)
    client.force_login(student)
    for name, on_get in (("quizzes:attempt", 404), ("quizzes:save", 405), ("quizzes:submit", 404),
                         ("quizzes:review", 404)):
        url = reverse(name, args=[attempt.pk])
        assert client.get(url).status_code == on_get, name
        assert client.post(url, {}).status_code == 404, name


@pytest.mark.django_db
def test_attempt_limit(client, student, course_data, questions):
    """Beyond the attempts allowed, starting is refused with a message."""
    quiz = make_quiz(course_data["course"], [questions["single"]], attempts_allowed=1)
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    refused = client.post(reverse("quizzes:start", args=["case", quiz.slug]), follow=True)
    assert "used all your attempts" in refused.content.decode()
    assert Attempt.objects.filter(user=student).count() == 1


@pytest.mark.django_db
def test_closed_and_unopened_quizzes(client, student, course_data, questions):
    """A quiz before it opens or after it closes cannot be started."""
    now = timezone.now()
    later = make_quiz(course_data["course"], [questions["single"]], slug="later", opens_at=now + datetime.timedelta(days=1))
    over = make_quiz(course_data["course"], [questions["single"]], slug="over", closes_at=now - datetime.timedelta(days=1),
                     opens_at=now - datetime.timedelta(days=2))
    client.force_login(student)
    assert "not opened yet" in client.post(reverse("quizzes:start", args=["case", "later"]), follow=True).content.decode()
    assert "has closed" in client.post(reverse("quizzes:start", args=["case", "over"]), follow=True).content.decode()
    assert not Attempt.objects.filter(quiz__in=[later, over]).exists()


@pytest.mark.django_db
def test_time_limit_submits_saved_answers(client, student, course_data, questions):
    """When the deadline passes, the saved answers are submitted and further saves are refused."""
    quiz = make_quiz(course_data["course"], [questions["single"], questions["truefalse"]], time_limit_minutes=5)
    client.force_login(student)
    attempt = start(client, quiz)
    assert attempt.deadline_at is not None
    single = attempt.responses.get(snapshot__type="single")
    position = single.position
    client.post(reverse("quizzes:save", args=[attempt.pk]), key_form(single))
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(attempt.get_absolute_url())
    assert page["Location"] == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 1
    refused = client.post(reverse("quizzes:save", args=[attempt.pk]), {f"q{position}": "2"}, follow=True)
    assert "already been submitted" in refused.content.decode()


@pytest.mark.django_db
def test_feedback_never_hides_the_key(client, student, course_data, questions):
    """With feedback 'never', the review shows the score but no key or explanation."""
    quiz = make_quiz(course_data["course"], [questions["single"]], feedback_timing=FeedbackTiming.NEVER)
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Because of" not in review and "Correct answer" not in review
    assert "does not show the correct answers" in review


@pytest.mark.parametrize("method, expected", [("highest", 80), ("latest", 60), ("first", 40), ("average", 60)])
def test_grading_methods(method, expected):
    """The quiz grade follows the grading method."""
    from quizzes.models import Quiz

    assert quiz_grade_percent(Quiz(grading_method=method), [40, 80, 60]) == expected
