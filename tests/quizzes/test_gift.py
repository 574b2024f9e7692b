"""GIFT import (Moodle's documented examples, escapes, errors with line
numbers) and export → import round trips for GIFT and JSON."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import roles
from quizzes import exchange, services
from quizzes.drafts import draft_from_question
from quizzes.gift import parse_gift
from quizzes.models import Question
from tests.factories import make_course, make_quiz, make_user

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
    year = parse_gift('// casebook {"type": "date", "topic": "dates"}\nWhen was Grant born? {#1822}')[0].draft
    tomb, missing, short, false, true, matching, born, kanji, feedback, markdown, multiple, control = (
        p.draft for p in parsed)
    assert born["numbers"] == [{"value": 1822.0, "tolerance": 0.0, "relative": False, "fraction": 1.0, "feedback": ""}]
    assert [o["text"] for o in tomb["options"] if o["correct"]] == ["no one"]
    assert missing["stem"] == "Grant is _____ in Grant's tomb."
    assert short["accepted"] == ["four", "4"]
    assert false["answer"] is False and true["answer"] is True
    assert {"item": "India", "category": "New Delhi"} in matching["pairs"]
    assert year["date"] == "1822" and year["topic"] == "dates"
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
    parsed = exchange.questions_preview(text, course=course)
    assert [(p.line, bool(p.errors)) for p in parsed] == [(1, False), (4, True), (6, False)]
    assert services.questions_import(course=course, parsed=parsed) and Question.objects.count() == 2


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
        parsed = exchange.questions_preview(files[fmt], course=target, fmt=fmt)
        assert all(not p.errors for p in parsed), [p.errors for p in parsed]
        services.questions_import(course=target, parsed=parsed)
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
    with pytest.raises(CommandError) as dry:
        call_command("import_gift", str(path), "--course", "case", "--dry-run")
    out = capsys.readouterr().out
    assert "bank.gift:3: ERR" in out and "1 question(s) would be created" in out
    assert not Question.objects.exists() and dry.value.returncode == 1
    with pytest.raises(CommandError) as saved:
        call_command("import_gift", str(path), "--course", "case")
    assert capsys.readouterr().out.splitlines()[-1] == "import_gift: 1 question(s) created, 1 skipped with errors"
    assert Question.objects.count() == 1 and saved.value.returncode == 1


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


# ---- what GIFT says that Casebook keeps (Moodle's question/format/gift/tests/giftformat_test.php) ----------------

def read_one(text):
    parsed = parse_gift(text)
    assert len(parsed) == 1 and parsed[0].errors == [], [p.errors for p in parsed]
    return parsed[0]


def saved(draft, course):
    return services.question_save(course=course, draft=draft)


def grade_of(question, answer):
    from quizzes.types import get_type
    qtype = get_type(question.type)
    return qtype.grade(qtype.snapshot(question), answer)


def option_ids(question):
    return {o.text: o.position for o in question.options.all()}


MOODLE_MULTI = """// multiple choice, multiple response with specified feedback for right and wrong answers
::colours:: What's between orange and green in the spectrum?
{
    ~%50%yellow # right; good!
    ~%-100%red # [html]wrong
    ~%50%off-beige # right; good!
    ~%-100%[plain]blue # wrong
}"""


@pytest.mark.django_db
def test_moodle_multiple_response_keeps_every_weight_and_grades_by_moodles_rule(course_data):
    """test_import_multichoice_multi: fractions 0.5, -1, 0.5, -1 kept; a grade is the chosen weights' sum clipped
    to 0 … 1, as Moodle grades it."""
    item = read_one(MOODLE_MULTI)
    draft = item.draft
    assert draft["type"] == "multiple" and draft["title"] == "colours"
    assert [(o["text"], o["weight"], o["correct"], o["feedback"]) for o in draft["options"]] == [
        ("yellow", 0.5, True, "right; good!"), ("red", -1.0, False, "wrong"),
        ("off-beige", 0.5, True, "right; good!"), ("blue", -1.0, False, "wrong")]
    question = saved(draft, course_data["course"])
    ids = option_ids(question)
    for chosen, grade in ((["yellow", "off-beige"], 1.0), (["yellow"], 0.5), (["yellow", "red"], 0.0),
                          (["yellow", "off-beige", "blue"], 0.0)):
        assert grade_of(question, {"options": sorted(ids[c] for c in chosen)}) == grade, chosen


@pytest.mark.django_db
@pytest.mark.parametrize("block, chosen, grade", [
    ("~%50%Grant ~%50%Grant's wife ~No one ~Grant's father", ["Grant", "Grant's wife", "No one", "Grant's father"],
     1.0),  # 0/50/50/0: no penalties in Moodle
    ("~%70%Grant ~%30%Grant's wife ~No one", ["Grant"], 0.7),  # 70/30 are not equal shares
    ("~%70%Grant ~%30%Grant's wife ~No one", ["Grant's wife", "No one"], 0.3),
])
def test_uneven_moodle_weights_are_kept(course_data, block, chosen, grade):
    """Weights that are not equal shares keep Moodle's grades."""
    question = saved(read_one("Who is entombed in Grant's tomb? {" + block + "}").draft, course_data["course"])
    ids = option_ids(question)
    assert grade_of(question, {"options": sorted(ids[c] for c in chosen)}) == pytest.approx(grade)


@pytest.mark.django_db
def test_equal_moodle_shares_grade_as_moodle_does_for_every_choice(course_data):
    """Moodle's documented ~%-50% ~%50% ~%50% ~%-50% question: every set of ticks grades as Moodle's sum."""
    from itertools import combinations
    text = ("What two people are entombed in Grant's tomb? {\n    ~%-50%No one\n    ~%50%Grant\n"
            "    ~%50%Grant's wife\n    ~%-50%Grant's father }")
    question = saved(read_one(text).draft, course_data["course"])
    weights = {"No one": -0.5, "Grant": 0.5, "Grant's wife": 0.5, "Grant's father": -0.5}
    ids = option_ids(question)
    for size in range(1, 5):
        for chosen in combinations(weights, size):
            moodle = min(1.0, max(0.0, sum(weights[c] for c in chosen)))
            assert grade_of(question, {"options": sorted(ids[c] for c in chosen)}) == pytest.approx(moodle), chosen


@pytest.mark.django_db
def test_single_choice_partial_credit_is_kept(course_data):
    """{=right ~%50%half ~wrong}: Moodle gives half credit for 'half'; so does Casebook."""
    draft = read_one("Who brokered the ceasefire? {=Sarkozy ~%50%The EU presidency ~Bush}").draft
    assert [o.get("weight") for o in draft["options"]] == [1.0, 0.5, 0.0]
    question = saved(draft, course_data["course"])
    ids = option_ids(question)
    assert [grade_of(question, {"option": ids[t]}) for t in ("Sarkozy", "The EU presidency", "Bush")] == [1, 0.5, 0]


def test_format_markers_are_dropped_from_every_text_with_a_warning_for_html_and_moodle():
    """test_import_multichoice and test_import_match: [html] [moodle] [plain] [markdown] are not left in options,
    feedback, matching items or general feedback; the html and moodle formats are named in a warning."""
    colours = read_one("::Q2:: What's between orange and green in the spectrum?\n{\n    =yellow # right; good!\n"
                       "    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n"
                       "    ####[markdown]See the **spectrum**.\n}")
    assert [(o["text"], o["feedback"]) for o in colours.draft["options"]] == [
        ("yellow", "right; good!"), ("red", "wrong, it's yellow"), ("blue", "wrong, it's yellow")]
    assert colours.draft["explanation"] == "See the **spectrum**."
    assert any("HTML" in w for w in colours.warnings)
    activities = read_one(
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n"
        "    =[plain]A bank of record entries which participants can add to. -> Database\n"
        "    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n"
        "    = -> Chat\n}")
    assert activities.draft["stem"] == "Match the <b>activity</b> to the description."
    assert activities.draft["pairs"] == [
        {"item": "An activity supporting asynchronous discussions.", "category": "Forum"},
        {"item": "A teacher asks a question and specifies a choice of multiple responses.", "category": "Choice"},
        {"item": "A bank of record entries which participants can add to.", "category": "Database"},
        {"item": "A collection of web pages that anyone can add to or edit.", "category": "Wiki"},
        {"item": "", "category": "Chat"}]
    assert any("[moodle]" in w and "Markdown" in w for w in activities.warnings)


@pytest.mark.django_db
def test_a_matching_distractor_is_an_extra_category_on_the_page(client, course_data, student):
    """'= -> Chat' (Moodle's extra wrong answer) is kept: the page offers it as a category and the items still
    grade in full."""
    question = saved(read_one("Match the causes. {=Separatism -> Distant cause =The NATO bid -> Proximate cause "
                              "= -> Not a cause}").draft, course_data["course"])
    assert [(p.item, p.category) for p in question.match_pairs.order_by("position")][-1] == ("", "Not a cause")
    from quizzes.types import get_type
    snapshot = get_type("matching").snapshot(question)
    assert snapshot["categories"] == ["Distant cause", "Not a cause", "Proximate cause"]
    assert [i["text"] for i in snapshot["items"]] == ["Separatism", "The NATO bid"]
    assert grade_of(question, {"assigned": {"1": 0, "2": 2}}) == 1.0
    quiz = make_quiz(course_data["course"], [question])
    client.force_login(student)
    page = client.post(reverse("quizzes:start", args=["case", quiz.slug]), follow=True).content.decode()
    assert "Not a cause" in page and "Separatism" in page


MOODLE_SHORT = """// question: 666  name: Shortanswer
::Shortanswer::Which is the best animal?{
    =Frog#Good!
    =%50%Cat#What is it with Moodlers and cats?
    =%0%*#Completely wrong
    ####[html]Here is some general feedback!
}"""


@pytest.mark.django_db
def test_moodle_short_answer_keeps_credit_feedback_and_wildcards(course_data):
    """test_import_shortanswer_with_general_feedback: answers Frog (1), Cat (0.5), * (0) with their feedback; the
    best matching answer grades and its feedback is shown."""
    item = read_one(MOODLE_SHORT)
    assert item.draft["accepted"] == [
        {"text": "Frog", "fraction": 1.0, "feedback": "Good!"},
        {"text": "Cat", "fraction": 0.5, "feedback": "What is it with Moodlers and cats?"},
        {"text": "*", "fraction": 0.0, "feedback": "Completely wrong"}]
    assert item.draft["explanation"] == "Here is some general feedback!"
    question = saved(item.draft, course_data["course"])
    from quizzes.types import get_type
    short = get_type("short")
    snapshot = short.snapshot(question)
    graded = {text: (short.grade(snapshot, {"text": text}), short.feedback_html(snapshot, {"text": text}))
              for text in ("FROG", "cat", "Dog")}
    assert graded == {"FROG": (1.0, ["<p>Good!</p>\n"]), "cat": (0.5, ["<p>What is it with Moodlers and cats?</p>\n"]),
                      "Dog": (0.0, ["<p>Completely wrong</p>\n"])}


@pytest.mark.parametrize("pattern, text, matches", [
    ("Tskhin*", "Tskhinvali", True), ("Tskhin*", "tskhinval", True), ("*vali", "Tskhinvali", True),
    ("T*vali", "Tskhinvali", True), ("T*vali", "Tbilisi", False), ("Tskhin*", "Gori", False),
    ("*", "anything at all", True), ("5\\*", "5*", True), ("5\\*", "55", False),
])
def test_a_star_in_an_accepted_answer_matches_any_run_of_characters(pattern, text, matches):
    """'*' is any run of characters (as Moodle's shortanswer); '\\*' is a star."""
    from quizzes.grading import grade_short
    assert grade_short(text, [pattern]) == (1.0 if matches else 0.0)


@pytest.mark.django_db
def test_moodle_true_false_keeps_both_feedback_texts(course_data):
    """test_import_truefalse: {FALSE#wrong#right} gives feedbacktrue '42 is the Ultimate Answer.' and feedbackfalse
    'You gave the right answer.'; each shows to the student who gave that answer."""
    item = read_one("// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
                    "FALSE#42 is the Ultimate Answer.#You gave the right answer.}")
    assert (item.draft["answer"], item.draft["true_feedback"], item.draft["false_feedback"]) == (
        False, "42 is the Ultimate Answer.", "You gave the right answer.")
    question = saved(item.draft, course_data["course"])
    from quizzes.types import get_type
    tf = get_type("truefalse")
    snapshot = tf.snapshot(question)
    assert tf.feedback_html(snapshot, {"value": True}) == ["<p>42 is the Ultimate Answer.</p>\n"]
    assert tf.feedback_html(snapshot, {"value": False}) == ["<p>You gave the right answer.</p>\n"]


@pytest.mark.parametrize("gift, stem", [
    (r"What is \(x^2\) at 3? {=9}", r"What is \(x^2\) at 3?"),
    (r"Where is C:\Users\me? {=home}", r"Where is C:\Users\me?"),
    (r"A backslash \\ and a brace \{ {=yes}", "A backslash \\ and a brace { "[:-1]),
    (r"Line one\nline two {=x}", "Line one\nline two"),
    (r"Not a line break \\n {=x}", r"Not a line break \n"),
])
def test_only_gifts_special_characters_are_escapes(gift, stem):
    """As Moodle's escapedchar_pre: \\~ \\= \\# \\{ \\} \\: \\\\ and \\n are escapes; any other backslash stays."""
    assert read_one(gift).draft["stem"] == stem


@pytest.mark.django_db
def test_a_question_name_is_its_title_and_moodle_4_comments_give_slug_and_tags(client, course_data):
    """::Ceasefire broker:: becomes the title (shown in the bank list); '// [id:…] [tag:…]' give slug and tags."""
    text = ("// [id:ceasefire-1] [tag:diplomacy] [tag:eu]\n"
            "::Ceasefire broker::Who brokered the August 2008 ceasefire? {=Sarkozy ~Bush ~Medvedev}\n\n"
            "::Ceasefire date::When was it signed? {=12 August ~7 August}")
    broker, date = (p.draft for p in parse_gift(text))
    assert (broker["title"], broker["slug"], broker["tags"]) == ("Ceasefire broker", "ceasefire-1", ["diplomacy", "eu"])
    assert (date["title"], date["slug"], date["tags"]) == ("Ceasefire date", "ceasefire-date", [])
    parsed = exchange.questions_preview(text, course=course_data["course"])
    services.questions_import(course=course_data["course"], parsed=parsed)
    assert Question.objects.get(slug="ceasefire-1").title == "Ceasefire broker"
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course_data["course"].authors.add(teacher)
    client.force_login(teacher)
    assert "Ceasefire broker" in client.get(reverse("authoring:question-list", kwargs={"course": "case"})).content.decode()
    client.force_login(make_user("admin", roles.ADMINISTRATORS))
    assert "Ceasefire broker" in client.get(reverse("admin:quizzes_question_changelist")).content.decode()


def test_two_answer_blocks_without_a_blank_line_are_named():
    """Two questions on consecutive lines: the error says the answer blocks meet and a blank line is needed."""
    parsed = parse_gift("Capital of Georgia? {=Tbilisi ~Gori}\nCapital of Abkhazia? {=Sukhumi ~Gali}")
    assert len(parsed) == 1 and parsed[0].draft is None
    assert parsed[0].errors == ["Two answer blocks meet (the second on line 2): questions must be separated by a "
                                "blank line."]


def test_moodle_numerical_fixture_with_feedback_for_any_other_answer():
    """test_import_numerical {#3:2~#Completely wrong}: 3 ± 2 is imported; the catch-all feedback, which Casebook's
    numerical type cannot hold, is named in a warning. {#=1822:0 ~%-50%1900} is 1822 alone, as Moodle reads it."""
    item = read_one("::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}")
    assert [(n["value"], n["tolerance"], n["fraction"]) for n in item.draft["numbers"]] == [(3.0, 2.0, 1.0)]
    assert any("Completely wrong" in w for w in item.warnings)
    grant = read_one("When was Ulysses S. Grant born? {#=1822:0 ~%-50%1900}")
    assert [(n["value"], n["tolerance"]) for n in grant.draft["numbers"]] == [(1822.0, 0.0)]
    assert grant.warnings == []


@pytest.mark.django_db
def test_a_numerical_answer_worth_nothing_keeps_its_feedback(course_data):
    """{#=1822:0 =%0%1900#…}: the 0 % answer imports with its feedback, grades 0 and
    shows the feedback to whoever answers 1900."""
    parsed = exchange.questions_preview("When was Grant born? {#=1822:0 =%0%1900#That is the wrong century.}",
                              course=course_data["course"])
    assert [p.errors for p in parsed] == [[]]
    assert [(n["value"], n["fraction"], n["feedback"]) for n in parsed[0].draft["numbers"]] == [
        (1822.0, 1.0, ""), (1900.0, 0.0, "That is the wrong century.")]
    question = services.questions_import(course=course_data["course"], parsed=parsed)[0]
    from quizzes.types import get_type
    numerical = get_type("numerical")
    snapshot = numerical.snapshot(Question.objects.get(pk=question.pk))
    assert numerical.grade(snapshot, {"value": 1900.0}) == 0.0
    assert numerical.feedback_html(snapshot, {"value": 1900.0}) == ["<p>That is the wrong century.</p>\n"]


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", [
    ("A NUL\x00 in the stem {=a ~b}", "NUL"),
    ("A long answer {=" + "x" * 201 + "}", "Accepted answer 1 is too long"),
])
def test_save_checks_exactly_what_the_dry_run_checks(tmp_path, capsys, course_data, text, message):
    """A NUL byte or an accepted answer longer than its column: the dry run reports it by line and exits 1,
    and saving drafts that skipped the check refuses them with the same error instead of writing them."""
    path = tmp_path / "bad.gift"
    path.write_text("Fine {=a ~b}\n\n" + text + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_gift", str(path), "--course", "case", "--dry-run")
    out = capsys.readouterr().out
    assert f"{path}:3: ERR" in out and message in out
    unchecked = parse_gift(text)  # straight from the parser, never previewed
    assert services.questions_import(course=course_data["course"], parsed=unchecked) == []
    assert unchecked[0].draft is None and any(message in e for e in unchecked[0].errors)
    assert not Question.objects.exists()


ROUND_TRIP = """::Colours::[markdown]What's between orange and green? {
    ~%50%yellow # right; good!
    ~%-100%red # wrong
    ~%50%off-beige
    ~[plain]blue }

::Ceasefire broker::Who brokered it? {=Sarkozy#Yes. ~%50%The EU presidency ~Bush####The French presidency.}

::Animals::Which is the best animal?{=Frog#Good! =%50%Cat#Cats? =%0%*#Completely wrong =Tskhin*}

// [id:absolute] [tag:jokes]
::Q1:: 42 is the Absolute Answer to everything.{FALSE#42 is the Ultimate Answer.#You gave the right answer.}

::Causes::Match the causes. {=Separatism -> Distant cause =The NATO bid -> Proximate cause = -> Not a cause}

::Troops::How many troops? {#=%100%20000:1000#Right. =%50%15000..25000#Near.}

Plain title-less {=a ~b}
"""


@pytest.mark.django_db
def test_gift_to_casebook_to_gift_to_casebook_changes_nothing(course_data):
    """Every construct GIFT can say (weights, partial credit, feedback, wildcards, titles, tags, distractors)
    survives GIFT → Casebook → GIFT → Casebook."""
    from lessons.models import Course
    first = exchange.questions_preview(ROUND_TRIP, course=course_data["course"])
    assert [p.errors for p in first] == [[]] * 7
    originals = services.questions_import(course=course_data["course"], parsed=first)
    text = exchange.export_files(Question.objects.filter(pk__in=[q.pk for q in originals]).order_by("pk"))["gift"]
    other = Course.objects.create(slug="copy", title="Copy")
    second = exchange.questions_preview(text, course=other)
    assert [p.errors for p in second] == [[]] * 7
    copies = services.questions_import(course=other, parsed=second)

    def drafts(questions):
        return sorted((draft_from_question(q) for q in Question.objects.filter(pk__in=[q.pk for q in questions])),
                      key=lambda d: d["slug"])
    assert drafts(copies) == drafts(originals)
    kept = {d["slug"]: d for d in drafts(copies)}
    assert kept["absolute"]["tags"] == ["jokes"] and kept["absolute"]["true_feedback"] == "42 is the Ultimate Answer."
    assert kept["colours"]["options"][1]["weight"] == -1.0 and kept["causes"]["pairs"][-1]["item"] == ""
    assert kept["ceasefire-broker"]["title"] == "Ceasefire broker"


def test_files_written_before_the_topic_had_its_name_still_import():
    """Exports from before the rename said "kind": GIFT meta lines and JSON questions with it still give the topic."""
    gift = parse_gift('// casebook {"kind": "causes"}\n::Old:: Which? {=A ~B}')[0]
    assert gift.errors == [] and gift.draft["topic"] == "causes"
    old = {"slug": "old", "type": "truefalse", "kind": "dates", "stem": "True?", "answer": True}
    parsed = exchange.parse_json(json.dumps({"format": exchange.JSON_FORMAT, "version": 1, "questions": [old]}))
    assert parsed[0].errors == [] and parsed[0].draft["topic"] == "dates" and "kind" not in parsed[0].draft
