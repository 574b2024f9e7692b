"""A student who wants the grade without the work: answers picked from the
HTML alone (smallest value, largest value, first shown, ids in ascending
order) over the whole course bank score no better than chance, and a
question that starts filled in scores nothing until it is touched.

The bound cannot flake. Each question's score is a fraction in [0, 1] and the
questions are independent (every attempt draws its own tokens and order), so
by Hoeffding's inequality a strategy's mean over N questions exceeds its exact
chance expectation by MARGIN with probability at most exp(-2 N MARGIN²).
With the course's 121 choice and item questions taken PASSES = 3 times
(N = 363) and MARGIN = 0.2 that is below 3e-13 per strategy. Before tokens,
the same strategies scored 0.55 to 0.85 against a chance of about 0.3."""

import io
import itertools
import math
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.models import Course
from quizzes.models import Attempt, Question
from quizzes.types import get_type
from tests.factories import make_quiz

TYPES = ("single", "multiple", "ordering", "matching")
TOKEN = re.compile(r"[0-9a-f]{10}")
PASSES = 3
MARGIN = 0.2


class _Fields(HTMLParser):
    """The form controls of a page in document order: name → kind, values and options."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, dict] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            field = self.fields.setdefault(attrs["name"], {"kind": attrs["type"], "values": []})
            field["values"].append(attrs.get("value"))
        elif tag == "select":
            self._select = self.fields.setdefault(attrs["name"], {"kind": "select", "values": []})
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select["values"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _fields(html: str) -> dict[str, dict]:
    parser = _Fields()
    parser.feed(html)
    return parser.fields


def _question_fields(fields, position):
    prefix = f"q{position}"
    return {name: f for name, f in fields.items() if name == prefix or name.startswith(prefix + "-")}


def _cheat(strategy: str, qtype: str, prefix: str, fields: dict) -> dict:
    """The POST a strategy makes for one question, from its form controls only."""
    if qtype in ("single", "multiple"):
        values = fields[prefix]["values"]
        pick = {"smallest": min(values), "largest": max(values), "first": values[0], "ascending": sorted(values)[0]}
        return {prefix: pick[strategy]}
    if qtype == "ordering":
        tokens = [name.rsplit("-", 1)[1] for name in fields if "-rank-" in name]  # in the order shown
        order = {"smallest": sorted(tokens), "largest": sorted(tokens, reverse=True), "first": tokens,
                 "ascending": sorted(tokens)}[strategy]
        data = {f"{prefix}-rank-{token}": str(rank) for rank, token in enumerate(order, start=1)}
        data[f"{prefix}-confirm"] = "1"  # "This order is my answer"
        return data
    items = [name for name in fields if "-item-" in name]
    categories = fields[items[0]]["values"]
    if strategy == "ascending":  # items by id, categories by id, dealt out in turn
        ranked = sorted(categories)
        return {name: ranked[i % len(ranked)] for i, name in enumerate(sorted(items))}
    pick = {"smallest": min(categories), "largest": max(categories), "first": categories[0]}[strategy]
    return {name: pick for name in items}


def _chance(snapshot: dict) -> float:
    """The exact expected score of a uniformly random pick of the kind the strategies make."""
    kind = get_type(snapshot["type"])
    if snapshot["type"] == "single":
        return sum(kind.grade(snapshot, {"option": o["id"]}) for o in snapshot["options"]) / len(snapshot["options"])
    if snapshot["type"] == "multiple":
        return sum(kind.grade(snapshot, {"options": [o["id"]]}) for o in snapshot["options"]) / len(snapshot["options"])
    if snapshot["type"] == "ordering":
        ids = [item["id"] for item in snapshot["items"]]
        orders = list(itertools.permutations(ids))
        return sum(kind.grade(snapshot, {"order": list(order)}) for order in orders) / len(orders)
    items, count = [str(item["id"]) for item in snapshot["items"]], len(snapshot["categories"])
    return sum(kind.grade(snapshot, {"assigned": dict.fromkeys(items, c)}) for c in range(count)) / count


@pytest.fixture
def bank(db, student):
    """The real course, and one quiz per type holding every question of that type in the bank."""
    call_command("load_course", "content", stdout=io.StringIO())
    course = Course.objects.get()
    quizzes = {}
    for qtype in TYPES:
        questions = list(Question.objects.filter(course=course, type=qtype).order_by("slug"))
        assert questions, qtype
        quizzes[qtype] = make_quiz(course, questions, slug=f"all-{qtype}", title=f"Every {qtype} question")
    return quizzes


def _take(client, quiz, answer) -> Attempt:
    """Start an attempt on the real pages, answer from its HTML with `answer`, submit."""
    started = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    attempt = Attempt.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    fields = _fields(client.get(started["Location"]).content.decode())
    data = {}
    for response in attempt.responses.all():
        data.update(answer(response.snapshot["type"], f"q{response.position}",
                           _question_fields(fields, response.position)))
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), data)
    assert saved.status_code == 302, saved.content.decode()[:500]
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert not attempt.is_open
    return attempt


@pytest.mark.django_db
@pytest.mark.parametrize("strategy", ["smallest", "largest", "first", "ascending"])
def test_answers_read_off_the_page_score_no_better_than_chance(client, student, bank, strategy):
    """Picking by value or by the order shown scores within MARGIN of chance over the whole bank."""
    client.force_login(student)
    score = chance = 0.0
    count = 0
    for _pass, qtype in itertools.product(range(PASSES), TYPES):
        attempt = _take(client, bank[qtype], lambda t, p, f: _cheat(strategy, t, p, f))
        for response in attempt.responses.all():
            score += response.fraction
            chance += _chance(response.snapshot)
            count += 1
    assert count == PASSES * Question.objects.filter(type__in=TYPES).count() == 363
    assert math.exp(-2 * count * MARGIN ** 2) < 1e-12
    assert score / count <= chance / count + MARGIN, (strategy, score / count, chance / count)


@pytest.mark.django_db
def test_an_untouched_ordering_question_scores_nothing_and_is_unanswered(client, student, bank):
    """The order an ordering question arrives in is not an answer: 0 points, listed and reviewed as unanswered."""
    client.force_login(student)
    quiz = bank["ordering"]

    def as_shown(qtype, prefix, fields):  # send every rank exactly as the page shows it, confirm nothing
        ranks = [name for name in fields if "-rank-" in name]
        return {name: str(rank) for rank, name in enumerate(ranks, start=1)}

    started = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    attempt = Attempt.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    fields = _fields(client.get(started["Location"]).content.decode())
    data = {}
    for response in attempt.responses.all():
        data.update(as_shown("ordering", f"q{response.position}", _question_fields(fields, response.position)))
    client.post(reverse("quizzes:save", args=[attempt.pk]), data)
    confirm = client.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert f"You have not answered {attempt.responses.count()} questions" in confirm
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.score == 0.0
    assert not attempt.responses.filter(answer__isnull=False).exists()
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert review.count("not answered") == attempt.responses.count()


@pytest.mark.django_db
def test_confirming_the_order_shown_makes_it_the_answer(client, student, bank):
    """Ticking "This order is my answer" (no JavaScript needed) answers with the order shown, graded as such."""
    client.force_login(student)
    attempt = _take(client, bank["ordering"], lambda t, p, f: _cheat("first", t, p, f))
    for response in attempt.responses.all():
        assert response.answer == {"order": response.shown["order"]}
        assert response.fraction == get_type("ordering").grade(response.snapshot, response.answer)


@pytest.mark.django_db
def test_the_same_question_is_named_afresh_in_every_attempt(client, student, other_student, bank):
    """Two attempts at the same ordering question share no token, so nothing on the page derives from the question."""
    quiz, seen = bank["ordering"], []
    for user in (student, other_student):
        client.force_login(user)
        started = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
        fields = _fields(client.get(started["Location"]).content.decode())
        seen.append({name.rsplit("-", 1)[1] for name in fields if "-rank-" in name})
    assert len(seen[0]) == len(seen[1]) == sum(len(q.ordering_items.all()) for q in quiz.questions.all())
    assert not seen[0] & seen[1]


@pytest.mark.django_db
def test_attempts_open_before_tokens_get_them_and_keep_working(client, student, course_data, questions):
    """An attempt started by the first wave (ids on the page, the author's order, an untouched ordering saved
    as an answer) gets tokens and a shuffle from migration 0004, and is then answered through the page."""
    import importlib

    from django.apps import apps

    from tests.factories import key_form
    from tests.factories import start

    quiz = make_quiz(course_data["course"], [questions["single"], questions["ordering"]], slug="old")
    client.force_login(student)
    attempt = start(client, quiz)
    single, ordering = attempt.responses.order_by("position")
    single.shown = {"order": [1, 2, 3]}
    ordering.shown = {"order": list(reversed(ordering.snapshot["key"]["order"]))}
    ordering.answer = {"order": ordering.shown["order"]}
    for response in (single, ordering):
        response.save()
    importlib.import_module("quizzes.migrations.0004_attempt_tokens").add_tokens(apps, None)
    single.refresh_from_db()
    ordering.refresh_from_db()
    assert sorted(single.shown["order"]) == [1, 2, 3] and sorted(single.shown["tokens"]) == ["1", "2", "3"]
    assert all(TOKEN.fullmatch(t) for t in single.shown["tokens"].values())
    assert ordering.answer is None and ordering.shown["order"] == list(reversed(ordering.snapshot["key"]["order"]))
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert 'value="1"' not in page.split('name="q1"', 1)[1].split(">", 1)[0]
    client.post(reverse("quizzes:save", args=[attempt.pk]), {**key_form(single), **key_form(ordering)})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.score == 2


@pytest.mark.django_db
def test_an_authors_preview_names_parts_by_tokens_too(client, course_data, questions):
    """A preview is the student's page: options, events, items and categories carry tokens, never positions."""
    from core import roles
    from tests.factories import make_user

    author = make_user("author", roles.INSTRUCTORS)
    course_data["course"].authors.add(author)
    quiz = make_quiz(course_data["course"], [questions[t] for t in ("single", "multiple", "ordering", "matching")],
                     slug="preview", published=False)
    client.force_login(author)
    started = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]), {"preview": "1"})
    attempt = Attempt.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert attempt.is_preview
    fields = _fields(client.get(started["Location"]).content.decode())
    values = [v for name, f in fields.items() if f["kind"] in ("radio", "checkbox")
              and not name.endswith(("-confirm", "-flag"))
              for v in f["values"]]
    values += [v for name, f in fields.items() if "-item-" in name for v in f["values"]]
    names = [name.rsplit("-", 1)[1] for name in fields if "-rank-" in name or "-item-" in name]
    assert values and names and all(TOKEN.fullmatch(v) for v in values + names)


@pytest.mark.django_db
def test_an_essay_key_reaches_no_student_page_before_release(client, student, course_data):
    """The essay's model answer, grader information and rubric key are on no page of the attempt, its
    autosave answer, its submit page or its review until the grade is released; the explanation neither."""
    from quizzes import services
    from tests.quizzes.essays import make_essay, make_rubric
    essay = make_essay(course_data["course"], course_data["lesson"], make_rubric(course_data["course"]))
    quiz = make_quiz(course_data["course"], [essay], slug="essay", release="manual")
    client.force_login(student)
    attempt = services.attempt_start(quiz=quiz, user=student)
    secrets = [attempt.responses.get().snapshot["key"]["model_answer_html"].strip()[3:40],
               attempt.responses.get().snapshot["key"]["grader_info_html"].strip()[3:40], "EXPLANATION-AFTER"]
    pages = [client.get(reverse("quizzes:attempt", args=[attempt.pk])),
             client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": "Russia feared NATO enlargement."},
                         headers={"X-Requested-With": "fetch"}),
             client.get(reverse("quizzes:submit", args=[attempt.pk]))]
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    pages += [client.get(reverse("quizzes:review", args=[attempt.pk])), client.get(reverse("quizzes:progress")),
              client.get(quiz.get_absolute_url())]
    for page in pages:
        assert page.status_code == 200
        assert not [s for s in secrets if s in page.content.decode()], page.request["PATH_INFO"]
