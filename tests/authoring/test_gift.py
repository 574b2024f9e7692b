"""GIFT import (Moodle's documented examples, escapes, errors with line
numbers) and export → import round trips for GIFT and JSON."""

import pytest
from django.core.management import call_command

from quizzes import exchange
from quizzes.drafts import draft_from_question
from quizzes.gift import parse_gift
from quizzes.models import Question
from tests.factories import make_course

# Examples in the style of Moodle's GIFT documentation (question/format/gift/examples.txt).
MOODLE_EXAMPLES = r"""// ===Multiple Choice===
Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

Grant is {~buried =entombed ~living} in Grant's tomb.

// ===Short Answer===
Two plus two equals {=four =4}.

// ===True-False===
Grant is buried in Grant's tomb.{F}

The sun rises in the east.{T}

// ===Matching===
Match the following countries with their corresponding capitals. {
    =Canada -> Ottawa
    =Italy  -> Rome
    =Japan  -> Tokyo
    =India  -> New Delhi
    }

// ===Numerical===
When was Ulysses S. Grant born? {#1822}

// ===Question Name and feedback===
::Kanji Origins::Japanese characters originally
came from what country? {=China}

What's the answer to this multiple-choice question?{
~wrong answer#feedback comment on the wrong answer
~another wrong answer#feedback comment on this wrong answer
=right answer#Very good!}

[markdown]Who's buried in **Grant's tomb**?{
=no one#excellent answer!
=nobody#excellent answer!}

// ===Multiple Answers===
What two people are entombed in Grant's tomb? {
    ~%-50%No one
    ~%50%Grant
    ~%50%Grant's wife
    ~%-50%Grant's father }

// ===Special Characters===
::GIFT Control Characters::
Which of the following is NOT a control character for the GIFT import format? {
   ~ \~     # \~ is a control character.
   ~ \=     # \= is a control character.
   ~ \#     # \# is a control character.
   ~ \{     # \{ is a control character.
   ~ \}     # \} is a control character.
   = \\     # Correct! \\ (backslash) is not a control character.
}
"""


def by_type(parsed):
    return [p.draft["type"] for p in parsed]


def test_moodle_examples_parse_to_every_supported_type():
    """Each documented example becomes the right kind of question, with its key; a number is a numerical
    question (only a '// casebook' line saying so makes it a date)."""
    parsed = parse_gift(MOODLE_EXAMPLES)
    assert all(not p.errors for p in parsed), [p.errors for p in parsed]
    assert by_type(parsed) == ["single", "single", "short", "truefalse", "truefalse", "matching", "numerical",
                               "short", "single", "short", "multiple", "single"]
    year = parse_gift('// casebook {"type": "date", "kind": "dates"}\nWhen was Grant born? {#1822}')[0].draft
    tomb, missing, short, false, true, matching, born, kanji, feedback, markdown, multiple, control = (
        p.draft for p in parsed)
    assert born["numbers"] == [{"value": 1822.0, "tolerance": 0.0, "relative": False, "fraction": 1.0, "feedback": ""}]
    assert [o["text"] for o in tomb["options"] if o["correct"]] == ["no one"]
    assert missing["stem"] == "Grant is _____ in Grant's tomb."
    assert short["accepted"] == ["four", "4"]
    assert false["answer"] is False and true["answer"] is True
    assert {"item": "India", "category": "New Delhi"} in matching["pairs"]
    assert year["date"] == "1822" and year["kind"] == "dates"
    assert kanji["slug"] == "kanji-origins" and kanji["stem"].startswith("Japanese characters originally\ncame")
    assert feedback["options"][0]["feedback"] == "feedback comment on the wrong answer"
    assert markdown["stem"] == "Who's buried in **Grant's tomb**?"
    assert [o["text"] for o in multiple["options"] if o["correct"]] == ["Grant", "Grant's wife"]


def test_escapes():
    """\\~ \\= \\# \\{ \\} and \\\\ are literal characters; the unescaped backslash answer is right."""
    control = parse_gift(MOODLE_EXAMPLES)[-1].draft
    assert [o["text"] for o in control["options"]] == ["~", "=", "#", "{", "}", "\\"]
    assert control["options"][-1]["correct"] and control["options"][0]["feedback"] == "~ is a control character."


@pytest.mark.parametrize("text, message", [
    ("No answer block here", "No answer block"),
    ("Essay question {}", "Essay"),
    ("::Unclosed title Who? {=x}", "not closed with '::'"),
    ("Unclosed {=a ~b", "not closed with '}'"),
    ('// casebook {"type": "date"}\nPi? {#3.1415:0.0005}', "must be a whole year"),
    ("Two = answers {=a =b ~c}", "only one '='"),
    ("{=a ~b}", "no text"),
    ("Weights but none right {~a ~b}", "No right answer"),
])
def test_malformed_questions_are_reported_not_raised(text, message):
    """Bad GIFT gives a per-question error, never an exception."""
    parsed = parse_gift(text)
    assert len(parsed) == 1 and parsed[0].draft is None
    assert any(message in error for error in parsed[0].errors), parsed[0].errors


@pytest.mark.django_db
def test_preview_reports_line_numbers_and_good_questions_still_import(tmp_path):
    """One bad question among good ones: the report names its line; the others import."""
    course, lesson, _ = make_course()
    text = "Good one {=yes ~no}\n\n// comment\nBroken one {#pi}\n\nAlso good {T}\n"
    parsed = exchange.preview(text, course=course)
    assert [(p.line, bool(p.errors)) for p in parsed] == [(1, False), (4, True), (6, False)]
    assert exchange.save(parsed, course=course) and Question.objects.count() == 2


def _compare(question):
    draft = draft_from_question(question)
    draft.pop("slug")
    return draft


@pytest.mark.django_db
def test_round_trip_gift_and_json(questions, course_data):
    """Export then import into another course gives the same questions (GIFT for its types, JSON for all)."""
    from quizzes.models import Course

    source = list(Question.objects.filter(course=course_data["course"]).order_by("slug").prefetch_related(
        "options", "ordering_items", "match_pairs", "accepted_answers", "tags"))
    files = exchange.export_files(source)
    assert files["gift_skipped"] == 2  # ordering, and a date given to the day
    other = Course.objects.create(slug="copy", title="Copy")
    for fmt in ("gift", "json"):
        target = other if fmt == "gift" else Course.objects.create(slug="copy-json", title="Copy JSON")
        parsed = exchange.preview(files[fmt], course=target, fmt=fmt)
        assert all(not p.errors for p in parsed), [p.errors for p in parsed]
        exchange.save(parsed, course=target)
        copies = {q.slug: q for q in Question.objects.filter(course=target)}
        for question in source:
            if fmt == "gift" and question.type in ("ordering", "date"):
                continue
            copy = copies[question.slug]
            expected, got = _compare(question), _compare(copy)
            expected["lesson"] = got["lesson"] = ""  # lessons belong to the source course
            expected["anchor"] = got["anchor"] = ""
            assert got == expected, question.slug


@pytest.mark.django_db
def test_import_gift_command_dry_run_and_save(tmp_path, capsys, course_data):
    """manage.py import_gift prints the report; --dry-run saves nothing."""
    path = tmp_path / "bank.gift"
    path.write_text("Q one {=a ~b}\n\nBad {#x}\n", encoding="utf-8")
    call_command("import_gift", str(path), "--course", "case", "--dry-run")
    out = capsys.readouterr().out
    assert "bank.gift:3: ERR" in out and "1 question(s) would be created" in out
    assert not Question.objects.exists()
    call_command("import_gift", str(path), "--course", "case")
    assert Question.objects.count() == 1


@pytest.mark.parametrize("text, numbers", [
    ("When was Ulysses S. Grant born?{#1822:5}", [(1822, 5, 1.0, "")]),
    ("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.", [(3.14159, 0.0005, 1.0, "")]),
    ("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.", [(3.1415, 0.0005, 1.0, "")]),
    ("When was Ulysses S. Grant born? {#\n    =1822:0      # Correct! Full credit.\n"
     "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n}",
     [(1822, 0, 1.0, "Correct! Full credit."), (1822, 2, 0.5, "He was born in 1822. Half credit for being close.")]),
])
def test_moodle_numerical_examples_keep_values_tolerances_credit_and_feedback(text, numbers):
    """Moodle's documented numerical forms (value:tolerance, low..high, several answers with %credit and
    feedback) import as numerical questions with exactly those values."""
    parsed = parse_gift(text)
    assert [p.errors for p in parsed] == [[]] and parsed[0].draft["type"] == "numerical"
    got = [(round(n["value"], 6), round(n["tolerance"], 6), n["fraction"], n["feedback"])
           for n in parsed[0].draft["numbers"]]
    assert got == numbers


def test_a_year_does_not_become_a_date_in_the_year_4():
    """{#4} is the number 4, not the date 0004."""
    draft = parse_gift("How many wars? {#4}")[0].draft
    assert draft["type"] == "numerical" and draft["date"] == "" and draft["numbers"][0]["value"] == 4
