"""Question import through the instructor area's import page: malformed files
give a clear error per question (or for the whole file) and never a 500, and
an import that passes preview saves, in a fixed number of queries, up to a
stated cap."""

import json

import pytest
from django.urls import reverse

from quizzes import exchange
from quizzes.models import AcceptedAnswer, DateKey, MatchPair, Option, OrderingItem, Question, Tag

GOOD = {"type": "truefalse", "stem": "Tbilisi is the capital of Georgia.", "answer": True}


def import_url():
    return reverse("authoring:question-import", kwargs={"course": "case"})


def json_file(*questions) -> str:
    return json.dumps({"format": exchange.JSON_FORMAT, "version": 1, "questions": list(questions)})


def post(client, text, fmt="json", confirm=False):
    data = {"format": fmt, "text": text}
    if confirm:
        data["confirm"] = "1"
    return client.post(import_url(), data)


BAD_FIELDS = [
    ({"slug": ["a", "b"]}, "The identifier must be text."),
    ({"slug": {"a": 1}}, "The identifier must be text."),
    ({"slug": "x" * 101}, "The identifier may be at most 100 characters."),
    ({"tags": 5}, "Tags must be a list of text."),
    ({"tags": [1, 2]}, "Tags must be a list of text."),
    ({"tags": ["t" * 61]}, "Tag 1 is too long: 61 characters, at most 60."),
    ({"tags": [f"t{n}" for n in range(11)]}, "A question may have at most 10 tags."),
    ({"explanation": 5}, "The explanation must be text."),
    ({"stem": ["a"]}, "The question must be text."),
    ({"points": 10**20}, "Points must be a whole number from 1 to 100."),
    ({"points": True}, "Points must be a whole number from 1 to 100."),
    ({"type": ["single"]}, "The question type must be text."),
    ({"topic": {"x": 1}}, "The topic must be text."),
    ({"lesson": ["first"]}, "The lesson must be text."),
    ({"anchor": 7}, "The heading id must be text."),
    ({"answer": "yes"}, "The true/false answer must be true or false."),
    ({"stem": "A NUL \x00 inside"}, "Text may not contain NUL characters or unpaired surrogates."),
    ({"stem": "A lone surrogate \ud800"}, "Text may not contain NUL characters or unpaired surrogates."),
    ({"type": "single", "options": "ab"}, "The options must be a list of objects with text, correct, feedback and weight."),
    ({"type": "single", "options": [{"text": 1, "correct": True}, {"text": "b"}]},
     "The options must be a list of objects with text, correct, feedback and weight."),
    ({"type": "single", "options": [{"text": "a", "correct": "yes"}, {"text": "b"}]},
     "The options must be a list of objects with text, correct, feedback and weight."),
    ({"type": "single", "options": [{"text": str(n), "correct": n == 0} for n in range(9)]},
     "A question may have at most 8 options, events, pairs or accepted answers."),
    ({"type": "ordering", "items": {"a": 1}}, "The events must be a list of text."),
    ({"type": "ordering", "items": ["a", "b", "c" * 301]}, "Event 3 is too long: 301 characters, at most 300."),
    ({"type": "matching", "pairs": [["a", "A"], ["b", "B"]]},
     "The matching pairs must be a list of objects with item and category."),
    ({"type": "matching", "pairs": [{"item": "a", "category": "A" * 101}, {"item": "b", "category": "B"}]},
     "The category of matching item 1 is too long: 101 characters, at most 100."),
    ({"type": "short", "accepted": "Tskhinvali"}, "The accepted answers must be a list of text, or of objects with text, a fraction from 0 to 1 and feedback."),
    ({"type": "short", "accepted": ["x" * 201]}, "Accepted answer 1 is too long: 201 characters, at most 200."),
    ({"type": "date", "date": 2008}, "The date must be text."),
]


@pytest.mark.django_db
@pytest.mark.parametrize("fields, message", BAD_FIELDS, ids=[f"{n:02d}-{'-'.join(f)}" for n, (f, _m) in enumerate(BAD_FIELDS)])
def test_a_malformed_json_question_is_reported_in_the_preview(client, teacher, fields, message):
    """A field of the wrong type or size is an error on its own question; the others still import."""
    client.force_login(teacher)
    bad = {**GOOD, **fields}
    text = json_file(bad, GOOD)
    preview = post(client, text)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "1 of 2 questions can be imported" in page
    assert message in page
    confirm = post(client, text, confirm=True)
    assert confirm.status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_json_nested_50000_deep_is_a_whole_file_error(client, teacher):
    """JSON nested past what Python's parser can take is refused as a whole, not a 500."""
    client.force_login(teacher)
    deep = json_file({**GOOD, "stem": "PLACEHOLDER"}).replace('"PLACEHOLDER"', "[" * 50_000 + "]" * 50_000)
    for confirm in (False, True):
        response = post(client, deep, confirm=confirm)
        assert response.status_code == 200
        assert "The JSON is nested too deeply." in response.content.decode()
    assert not Question.objects.exists()


GIFT_QUESTION = "::tbilisi::Tbilisi is the capital of Georgia. {T}\n"
BAD_META = [
    ({"tags": 5}, "Tags must be a list of text."),
    ({"points": 10**20}, "Points must be a whole number from 1 to 100."),
    ({"points": "many"}, "Points must be a whole number from 1 to 100."),
    ({"slug": ["x"]}, "The identifier must be text."),
    ({"topic": ["dates"]}, "The topic must be text."),
    ({"lesson": {"a": 1}}, "The lesson must be text."),
    ({"anchor": ["x"]}, "The heading id must be text."),
]


@pytest.mark.django_db
@pytest.mark.parametrize("meta, message", BAD_META, ids=["-".join(m) for m, _m in BAD_META])
def test_a_gift_meta_line_with_wrong_types_is_reported_in_the_preview(client, teacher, meta, message):
    """A '// casebook' line whose fields have the wrong type is an error on the question below it."""
    client.force_login(teacher)
    text = f"// casebook {json.dumps(meta)}\n{GIFT_QUESTION}\nThe sun rises in the east. {{T}}\n"
    page = post(client, text, fmt="gift").content.decode()
    assert "1 of 2 questions can be imported" in page and message in page
    assert post(client, text, fmt="gift", confirm=True).status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_a_gift_meta_line_nested_too_deeply_is_ignored_with_a_warning(client, teacher):
    """A '// casebook' line that cannot be read is a warning, never a 500; the question imports."""
    client.force_login(teacher)
    text = "// casebook " + "[" * 50_000 + "\n" + GIFT_QUESTION
    page = post(client, text, fmt="gift").content.decode()
    assert "1 of 1 questions can be imported" in page
    assert "The &#x27;// casebook&#x27; line before it could not be read" in page


# ---- the cap and the bulk save -------------------------------------------------------

def mixed_questions(count: int, start: int = 0) -> list[dict]:
    """`count` questions cycling through every type, each with every part its type has."""
    shapes = [
        {"type": "single", "options": [{"text": "Right", "correct": True, "feedback": "Yes"},
                                       {"text": "Wrong", "correct": False, "feedback": ""},
                                       {"text": "Also wrong", "correct": False, "feedback": "No"}]},
        {"type": "multiple", "options": [{"text": "A", "correct": True, "feedback": ""},
                                         {"text": "B", "correct": True, "feedback": ""},
                                         {"text": "C", "correct": False, "feedback": ""}]},
        {"type": "truefalse", "answer": False},
        {"type": "ordering", "items": ["First", "Second", "Third", "Fourth"]},
        {"type": "date", "topic": "dates", "date": "2008-08-07"},
        {"type": "matching", "topic": "causes", "pairs": [{"item": "x", "category": "X"},
                                                         {"item": "y", "category": "Y"}]},
        {"type": "short", "accepted": ["Tskhinvali", "Tskhinval"]},
    ]
    return [{"slug": f"imported-{n:05d}", "stem": f"Question {n}?", "explanation": "Because.",
             "points": 2, "tags": ["imported", f"set-{n % 3}"], "lesson": "first", "anchor": "security-dilemma",
             "topic": "theory", **shapes[n % len(shapes)]} for n in range(start, start + count)]


PARTS_PER_SEVEN = {"options": 6, "ordering items": 4, "match pairs": 2, "accepted answers": 2, "date keys": 1}


def rows() -> dict[str, int]:
    return {"questions": Question.objects.count(), "options": Option.objects.count(),
            "ordering items": OrderingItem.objects.count(), "match pairs": MatchPair.objects.count(),
            "accepted answers": AcceptedAnswer.objects.count(), "date keys": DateKey.objects.count(),
            "question tags": Question.tags.through.objects.count()}


@pytest.mark.django_db
def test_an_import_at_the_cap_saves_every_question_with_every_part(client, teacher):
    """The largest import preview accepts saves all its questions, parts and tags."""
    client.force_login(teacher)
    count = exchange.MAX_QUESTIONS
    assert count % 7 == 5  # 285 full cycles of the seven types, then single … date once more
    text = json_file(*mixed_questions(count))
    preview = post(client, text)
    assert f"{count} of {count} questions can be imported" in preview.content.decode()
    assert post(client, text, confirm=True).status_code == 302
    cycles = count // 7
    assert rows() == {"questions": count, "options": 6 * (cycles + 1), "ordering items": 4 * (cycles + 1),
                      "match pairs": 2 * cycles, "accepted answers": 2 * cycles, "date keys": cycles + 1,
                      "question tags": 3 * count}
    assert set(Tag.objects.values_list("slug", flat=True)) >= {"imported", "set-0", "set-1", "set-2", "theory",
                                                               "dates", "causes"}
    saved = Question.objects.get(slug="imported-00000")
    assert (saved.points, saved.lesson.slug, saved.anchor) == (2, "first", "security-dilemma")
    assert [o.is_correct for o in saved.options.order_by("position")] == [True, False, False]
    assert Question.objects.get(slug="imported-00004").date_key.precision == "day"


CONFIRM_QUERIES = 26  # saving checks each draft again as the preview did: one more read of the lesson headings;
# the import job (quizzes.tasks, run at once by the immediate backend) reads the course and parses the text again


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 50])
def test_confirm_runs_a_fixed_number_of_queries(client, teacher, django_assert_num_queries, count):
    """Preview and confirm of 10 or of 50 questions run the same number of queries."""
    client.force_login(teacher)
    text = json_file(*mixed_questions(count))
    with django_assert_num_queries(CONFIRM_QUERIES):
        response = post(client, text, confirm=True)
    assert response.status_code == 302
    assert Question.objects.count() == count


@pytest.mark.django_db
def test_an_import_over_the_cap_is_refused_in_preview(client, teacher):
    """One question more than the cap: the preview says the limit and nothing can be confirmed."""
    client.force_login(teacher)
    text = json_file(*mixed_questions(exchange.MAX_QUESTIONS + 1))
    page = post(client, text).content.decode()
    assert "This file has 2,001 questions; at most 2,000 can be imported at once." in page
    assert "At most 2,000 questions and 1 MB per import." in page
    assert 'name="confirm"' not in page
    assert post(client, text, confirm=True).status_code == 200
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_an_import_over_the_size_cap_is_refused_in_preview(client, teacher):
    """Pasted text over 1 MB is refused with the limit, in GIFT as in JSON."""
    client.force_login(teacher)
    big = ("Is this long? {T}\n\n" * 60_000)
    assert len(big.encode()) > exchange.MAX_BYTES
    page = post(client, big, fmt="gift").content.decode()
    assert "The file is too large: at most 1 MB can be imported at once." in page
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_the_preview_page_states_the_cap(client, teacher):
    """The import page says how much one import may hold before anything is sent."""
    client.force_login(teacher)
    assert "At most 2,000 questions and 1 MB per import." in client.get(import_url()).content.decode()


@pytest.mark.django_db
def test_imported_slugs_that_clash_get_fresh_ones(client, teacher, course_data):
    """Slugs already taken, or repeated in the file, are replaced by fresh unique ones on save."""
    client.force_login(teacher)
    Question.objects.create(course=course_data["course"], slug="taken", type="truefalse", topic="theory", stem="Old", true_false_answer=True)
    text = json_file({**GOOD, "slug": "taken"}, {**GOOD, "slug": "twice"}, {**GOOD, "slug": "twice"}, GOOD, GOOD)
    assert post(client, text, confirm=True).status_code == 302
    slugs = sorted(Question.objects.values_list("slug", flat=True))
    assert len(slugs) == 6 and len(set(slugs)) == 6
    assert "taken" in slugs and "twice" in slugs
