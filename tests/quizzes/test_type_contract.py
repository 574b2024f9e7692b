"""Every registered question type through every hook: a type that forgets
one, or whose hooks disagree with each other, fails here by name."""

import json
import random
import re

import pytest
from django.contrib import admin
from django.http import QueryDict
from django.template.loader import get_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import exchange, gift
from quizzes.authoring_forms import QuestionForm, build_draft, initial_fields, initial_parts, parts_formset
from quizzes.drafts import draft_from_question, draft_problems, empty_draft, part_models
from quizzes.limits import draft_length_problems
from quizzes.models import Question
from quizzes.services import question_save
from quizzes.types import REGISTRY, AnswerError, QuestionType

CODES = sorted(REGISTRY)
HOOKS = [name for name, value in vars(QuestionType).items()
         if callable(value) and not name.startswith("_") and name != "template"]


def example(code: str, course_data) -> dict:
    draft = empty_draft(code, "theory")
    draft.update(stem=f"A {code} question about 2008?", explanation="Because the lesson says so.",
                 lesson=course_data["lesson"].slug, anchor="security-dilemma", tags=["contract"],
                 **REGISTRY[code].example_draft())
    return draft


def _post(fields: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def _form_post(form, formset) -> QueryDict:
    """What a browser posts for an unbound form and formset as they are shown (their initial values)."""
    data = {}
    for bound in (*form, *(field for part in (formset or []) for field in part)):
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = str(value)
    if formset is not None:
        data.update({f"{formset.prefix}-{k}": str(v) for k, v in formset.management_form.initial.items()})
    return _post(data)


def test_every_type_has_a_code_a_label_and_a_template():
    """The registry holds the seven first-wave types, each named, ordered and with its template."""
    assert {"single", "multiple", "truefalse", "ordering", "date", "matching", "short"} <= set(REGISTRY)
    for code, qtype in REGISTRY.items():
        assert qtype.code == code and str(qtype.label) and qtype.position < 100
        get_template(qtype.template)


@pytest.mark.parametrize("code", CODES)
def test_each_type_defines_every_hook_or_says_it_keeps_the_default(code):
    """A hook the type neither defines nor lists in `keeps_defaults` is a hook forgotten; a listed one must
    really be a default (not defined), and the hooks with no default are always defined."""
    qtype = REGISTRY[code]
    defined = {name for cls in type(qtype).__mro__ if cls not in (QuestionType, object) for name in vars(cls)}
    own_hooks = set(HOOKS) - {"snapshot"}  # the base builds the common part; `parts` is the type's
    assert own_hooks - defined == set(qtype.keeps_defaults), (code, own_hooks - defined)
    for name in ("parse", "form_data", "grade", "key_answer", "wrong_answer", "example_draft", "parts"):
        assert name in defined, (code, name)
    if qtype.part_models:
        assert qtype.admin_inlines() and "part_rows" in defined and "content_parts" in defined, code


@pytest.mark.django_db
def test_every_type_is_in_the_course_and_loads_from_its_content_files():
    """Each registered type has questions in content/, read by its own `content_parts` and gradeable."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_course", "content", stdout=StringIO())
    for code, qtype in REGISTRY.items():
        questions = list(Question.objects.filter(type=code))
        assert questions, code
        assert all(qtype.problems(qtype.snapshot(q)) == [] for q in questions), code


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_every_text_of_a_type_has_a_cap(code, course_data):
    """A type's texts at 10,000 characters are refused by its checks (a stem is not a book, nor an option)."""
    draft = example(code, course_data)

    def stretched(value):
        if isinstance(value, str):
            return "x" * 10_000
        if isinstance(value, list):
            return [stretched(v) for v in value]
        if isinstance(value, dict):
            return {k: stretched(v) for k, v in value.items()}
        return value

    fields = REGISTRY[code].draft_defaults()
    long = {**draft, **{name: stretched(draft[name]) for name in fields}}
    if long == draft:
        return  # the type has no text of its own (true/false)
    assert draft_length_problems(long) + draft_problems(long, course_data["course"])


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_a_draft_saves_reads_back_and_snapshots_gradeably(code, course_data):
    """example → checks → saved rows → the same draft back → a snapshot with no problems."""
    qtype, course = REGISTRY[code], course_data["course"]
    draft = example(code, course_data)
    assert set(qtype.draft_defaults()) <= set(empty_draft())
    assert draft_problems(draft, course) == [] and draft_length_problems(draft) == []
    question = question_save(course=course, draft=draft)
    assert question.type == code and question.get_type_display() == str(qtype.label)
    saved = draft_from_question(Question.objects.get(pk=question.pk))
    assert saved == {**draft, "slug": question.slug, "tags": ["contract"]}
    rows = {model: model.objects.filter(question=question).count() for model in part_models()}
    assert set(model for model, count in rows.items() if count) <= set(qtype.part_models)
    assert qtype.problems(qtype.snapshot_from_draft(draft)) == []
    assert qtype.problems(qtype.snapshot(question)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_answers_round_trip_through_the_form_and_grade(code, course_data):
    """key → POST → parse is the key, graded 1; the known and the random wrong answers grade below 1."""
    qtype = REGISTRY[code]
    question = question_save(course=course_data["course"], draft=example(code, course_data))
    snapshot = qtype.snapshot(question)
    shown = qtype.present(snapshot, random.Random(7))
    json.dumps(shown)  # stored in a JSONField
    key = qtype.key_answer(snapshot)
    assert qtype.parse(_post(qtype.form_data(snapshot, shown, key, "q1")), "q1", snapshot, shown) == key
    # A type a person grades (essay) gives nothing automatically, not even for the model answer.
    assert qtype.grade(snapshot, key) == (0.0 if qtype.manual else 1.0)
    assert qtype.grade(snapshot, None) == 0.0
    assert qtype.parse(_post({}), "q1", snapshot, shown) is None
    for wrong in (qtype.wrong_answer(snapshot), qtype.wrong_answer(snapshot, random.Random(3))):
        assert qtype.parse(_post(qtype.form_data(snapshot, shown, wrong, "q1")), "q1", snapshot, shown) == wrong
        assert qtype.grade(snapshot, wrong) < 1.0
        mistakes = qtype.mistakes(snapshot, wrong)
        assert mistakes and all(isinstance(text, str) and text for _what, text in mistakes)
        hash(tuple(what for what, _text in mistakes))
        assert isinstance(qtype.describe(snapshot, wrong), str)
    assert qtype.describe_key(snapshot) and isinstance(qtype.feedback_html(snapshot, key), list)
    assert qtype.refreshed_key(snapshot, qtype.snapshot(question)) == (snapshot["key"], "")


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_commonest_mistakes_are_counted_and_put_into_words(code, course_data):
    """`wrong_answers` counts each answer as many times as it was given, names the blank answer, and ranks."""
    qtype = REGISTRY[code]
    question = question_save(course=course_data["course"], draft=example(code, course_data))
    snapshot = qtype.snapshot(question)
    wrong = qtype.wrong_answer(snapshot)
    found = qtype.wrong_answers(snapshot, [(None, 1), (wrong, 3)], total=8, top=3)
    first = qtype.mistakes(snapshot, wrong)[0][1]
    assert found[0] == {"text": first, "count": 3, "percent": 38}
    # Each mistake the wrong answer makes counts its 3 times (matching's has two), then the blank: the top 3.
    assert found == ([{"text": text, "count": 3, "percent": 38} for _what, text in qtype.mistakes(snapshot, wrong)]
                     + [{"text": "No answer", "count": 1, "percent": 12}])[:3]
    assert qtype.wrong_answers(snapshot, [(None, 2)], total=2, top=1) == [
        {"text": "No answer", "count": 2, "percent": 100}]


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_page_shows_no_internal_id_and_no_key(code, course_data):
    """What the page may show carries the key nowhere: no "key", no correctness, no internal id as a value."""
    qtype = REGISTRY[code]
    question = question_save(course=course_data["course"], draft=example(code, course_data))
    snapshot = qtype.snapshot(question)
    shown = qtype.present(snapshot, random.Random(1))
    context = qtype.public(snapshot, shown, None)
    public = json.dumps(context, default=str)
    assert '"key"' not in public and "correct" not in public and "Because" not in public
    # The options or items the page names carry a token each (ten hex digits), never an internal id.
    parts = snapshot.get("options", []) + snapshot.get("items", [])
    named = [part["id"] for part in context.get("options", []) + context.get("items", [])]
    assert len(named) == len(parts)
    assert all(isinstance(token, str) and re.fullmatch("[0-9a-f]{10}", token) for token in named), named
    assert not set(named) & {str(part["id"]) for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_authoring_form_shows_and_reads_back_the_draft(code, course_data):
    """The question form and its parts formset, filled from a draft and posted as shown, give that draft back."""
    course = course_data["course"]
    draft = {**example(code, course_data), "slug": f"contract-{code}"}
    form = QuestionForm(initial=initial_fields(draft), course=course, qtype=code)
    formset = parts_formset(code, initial=initial_parts(draft))
    data = _form_post(form, formset)
    bound = QuestionForm(data, course=course, qtype=code)
    bound_parts = parts_formset(code, data=data)
    assert bound.is_valid(), bound.errors
    assert bound_parts is None or bound_parts.is_valid(), bound_parts.errors
    assert build_draft(bound, bound_parts, code) == draft


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_exchange_keeps_the_question(code, course_data):
    """JSON always, and GIFT when the type can say it, give the same draft back."""
    qtype = REGISTRY[code]
    question = question_save(course=course_data["course"], draft=example(code, course_data))
    draft = draft_from_question(question)
    back = exchange.parse_json(exchange.export_json([question]))
    assert [item.draft for item in back] == [draft]
    if qtype.gift_write(draft) is None:
        assert not gift.can_export(draft)
        return
    parsed = gift.parse_gift(gift.export_gift([question]))
    assert [p.errors for p in parsed] == [[]]
    assert {k: v for k, v in parsed[0].draft.items() if k in qtype.draft_defaults() or k == "type"} == \
        {k: v for k, v in draft.items() if k in qtype.draft_defaults() or k == "type"}


@pytest.mark.parametrize("code", CODES)
def test_content_keys_and_admin_inlines_are_declared(code):
    """The content-file keys are a set of names; the admin inlines are inline classes of the type's own rows."""
    qtype = REGISTRY[code]
    assert isinstance(qtype.content_keys, frozenset) and all(isinstance(k, str) for k in qtype.content_keys)
    for inline in qtype.admin_inlines():
        assert issubclass(inline, admin.options.InlineModelAdmin) and inline.model in qtype.part_models


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_any_posted_form_is_an_answer_or_a_clear_error(code, course_data):
    """Whatever is posted under the page's own field names (and others), parse gives an answer that grades
    in [0, 1] and describes as text, or an AnswerError with a message."""
    qtype = REGISTRY[code]
    question = question_save(course=course_data["course"], draft=example(code, course_data))
    snapshot = qtype.snapshot(question)
    shown = qtype.present(snapshot, random.Random(5))
    names = sorted({*qtype.form_data(snapshot, shown, qtype.key_answer(snapshot), "q1"),
                    *qtype.form_data(snapshot, shown, qtype.wrong_answer(snapshot), "q1"), "q1", "q1-move", "junk"})
    tokens = sorted({v for part in ("tokens", "category_tokens") for v in shown.get(part, {}).values()})
    values = st.text(max_size=12) | st.integers(-3, 40).map(str) | st.sampled_from(
        ["true", "false", "1", *tokens, *[f"{t}:up" for t in tokens], *[f"{t}:down" for t in tokens]])

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.sampled_from(names), values), max_size=10))
    def check(fields):
        data = QueryDict(mutable=True)
        for name, value in fields:
            data.appendlist(name, value)
        try:
            answer = qtype.parse(data, "q1", snapshot, shown)
        except AnswerError as error:
            assert str(error)
            return
        assert 0.0 <= qtype.grade(snapshot, answer) <= 1.0
        assert isinstance(qtype.describe(snapshot, answer), str)
        json.dumps(answer)

    check()


@pytest.mark.django_db
def test_a_number_too_large_for_a_float_is_an_error_not_a_500(client, course_data):
    """A numerical answer of 10**400 in a JSON import is a per-question error in the preview."""
    from django.urls import reverse

    from core import roles
    from tests.factories import make_user

    author = make_user("author", roles.INSTRUCTORS)
    course_data["course"].authors.add(author)
    client.force_login(author)
    bad = {**example("numerical", course_data), "numbers": [{"value": 10**400}]}
    text = json.dumps({"format": exchange.JSON_FORMAT, "version": 1, "questions": [bad]})
    response = client.post(reverse("authoring:question-import", kwargs={"course": "case"}),
                           {"format": "json", "text": text})
    assert response.status_code == 200
    assert "The numbers must be a list of objects" in response.content.decode()


def _translated(value):
    """A stand-in translation of a variant's text: the same shape, other text."""
    if isinstance(value, str):
        return f"譯{value}"
    if isinstance(value, list):
        return [_translated(v) for v in value]
    return value


def _mirror(data: dict, qtype) -> dict:
    """The variant a translator writes for an English entry: its text only, part by part."""
    from lessons.editions import KEY_FIELDS
    variant = {"slug": data["slug"], "stem": _translated(data["stem"]), "explanation": _translated(data["explanation"])}
    for key in qtype.translatable_keys & set(data):
        value = data[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            variant[key] = [{k: _translated(v) for k, v in part.items() if k not in KEY_FIELDS and isinstance(v, str)}
                            for part in value]
        else:
            variant[key] = _translated(value)
    return variant


def _grading_key(key: dict) -> dict:
    """What of a snapshot's key decides a grade: not its feedback or accepted forms, nor the words a grader or a
    student reads (an essay's model answer and graders' information, its rubric's wording; the rubric's
    criteria and points stay)."""
    kept = {k: v for k, v in key.items() if "feedback" not in k and k != "answers" and not k.endswith("_html")}
    if kept.get("rubric"):
        kept["rubric"] = [(c["slug"], [level["points"] for level in c["levels"]]) for c in kept["rubric"]["criteria"]]
    return kept


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_a_translation_changes_the_text_never_the_key_ids_or_grade(code):
    """Each type's `content_translation` reads a mirrored variant without error, and its `translated_parts`
    overlay shows other text while the key, the part ids and the grade of the key stay those of English."""
    from pathlib import Path

    from lessons.content import read_course
    from lessons.content_files import Entry, read_entries
    from lessons.editions import TEXT_FIELDS
    from quizzes.content import read_questions
    from quizzes.types.base import TRANSLATION, localized

    content = read_course(Path("content"))
    drafts, _quizzes = read_questions(Path("content"), content)
    assert set(TEXT_FIELDS) >= {"term", "event", "cause"}
    qtype = REGISTRY[code]
    assert isinstance(qtype.translatable_keys, frozenset) and qtype.translatable_keys <= qtype.content_keys | {"items"}
    entries = [e for path in sorted(Path("content/questions").glob("*.toml")) if ".zh-hant" not in path.name
               for e in read_entries(path, "question", [])]
    english = next(e for e in entries if e.data["type"] == code)
    draft = next(d for d in drafts if d.entry.data["slug"] == english.data["slug"])
    errors = []
    variant = Entry(_mirror(english.data, qtype), english.path, 1, [])
    texts = qtype.content_translation(english, variant, content, draft.rows, errors)
    assert errors == [], errors
    from io import StringIO

    from django.core.management import call_command
    call_command("load_course", "content", stdout=StringIO())
    question = Question.objects.get(slug=english.data["slug"])
    question.zh_hant = {"stem": variant.data["stem"], "explanation": variant.data["explanation"], **texts}
    snapshot = qtype.snapshot(question)
    shown = localized(snapshot, TRANSLATION)
    assert "譯" in shown["stem_html"] and "譯" not in localized(snapshot, "en")["stem_html"]
    key = qtype.key_answer(snapshot)
    full = 0.0 if qtype.manual else 1.0  # a person grades an essay; any other type's key earns full marks
    assert qtype.grade(shown, key) == qtype.grade(snapshot, key) == full
    for part in ("options", "items"):
        if part in snapshot:
            assert [p["id"] for p in shown[part]] == [p["id"] for p in snapshot[part]]
    assert _grading_key(shown["key"]) == _grading_key(snapshot["key"])
    own_text = [v for key in qtype.translatable_keys - {"accepted"} if key in variant.data
                for v in (variant.data[key] if isinstance(variant.data[key], list) else [variant.data[key]]) if v]
    if own_text:  # parts with text of their own (not an event's or a cause's) show it translated
        assert shown != {**snapshot, "stem_html": shown["stem_html"], "explanation_html": shown["explanation_html"]}
