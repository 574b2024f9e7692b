"""The course's numerical questions: each full-credit answer is a figure of the thesis (from
content/tables.toml or the linked lesson) or is computed from such figures by a rule written
here, its tolerance holds the exact result, its explanation names the source, and the causes
quiz and the chapter 4 check can draw it."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from lessons.content import read_course
from quizzes.content import read_questions
from quizzes.models import Question, Quiz
from quizzes.selectors import quiz_pool
from quizzes.types import get_type
from quizzes.types.numerical import NumericalAnswer, format_number

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TABLES = {t["slug"]: t for t in tomllib.loads((CONTENT / "tables.toml").read_text(encoding="utf-8"))["table"]}


@dataclass(frozen=True)
class Cell:
    """A figure of a table with rows and columns (Tables 4-1 and 4-5)."""
    table: str
    row: str | int
    column: str

    def value(self, course) -> float:
        table = TABLES[self.table]
        row = next(r for r in table["rows"] if r[0] == self.row)
        return float(row[table["columns"].index(self.column)])


@dataclass(frozen=True)
class Total:
    """A figure of the totals row of an order-of-battle table (Tables 4-2 to 4-4), by its exact label."""
    table: str
    label: str

    def value(self, course) -> float:
        totals = next(r[1] for r in TABLES[self.table]["rows"] if r[0] == "Total strength")
        found = [int(n.replace(",", "")) for n, label in re.findall(r"([\d,]+) ([^;]+)", totals) if label == self.label]
        assert len(found) == 1, (self.table, self.label, totals)
        return float(found[0])


@dataclass(frozen=True)
class Said:
    """A figure as a lesson's text writes it (e.g. "70,000", "1.3 million", "80%", "US$8")."""
    lesson: str
    text: str

    def value(self, course) -> float:
        body = course.lessons[self.lesson].body
        assert re.search(rf"(?<![\d.,]){re.escape(self.text)}(?![\d]|[.,]\d)", body), (self.lesson, self.text)
        number = self.text.removeprefix("US$").removesuffix("%").replace(",", "").replace(" million", "e6")
        return float(number)


def figure(x):
    return x


def ratio(a, b):
    return a / b


def difference(a, b):
    return a - b


def total(*figures):
    return sum(figures)


def percent_of(part, whole):
    return 100 * part / whole


def growth_percent(before, after):
    return 100 * (after - before) / before


SPENDING = "table-4-5"
# slug: (rule, its inputs, the decimal places the stem asks for; None when the result is exact)
FIGURES = {
    "cf-num-aircraft-ratio": (ratio, [Cell("table-4-1", "Combat aircraft", "Russia"),
                                      Cell("table-4-1", "Combat aircraft", "Georgia")], 0),
    "cf-num-georgian-combat-personnel": (figure, [Cell("table-4-1", "Combat personnel", "Georgia")], None),
    "cf-num-58th-army-personnel": (figure, [Said("military-gap", "70,000")], None),
    "cf-num-58th-army-tank-ratio": (ratio, [Said("military-gap", "609"),
                                            Cell("table-4-1", "Main battle tanks", "Georgia")], 1),
    "cf-num-south-ossetia-tank-edge": (difference, [Total("table-4-2", "main battle tanks"),
                                                    Total("table-4-4", "main battle tanks")], None),
    "cf-num-russian-troops-both-theatres": (total, [Total("table-4-2", "troops"), Total("table-4-3", "troops")], None),
    "cf-num-georgian-artillery-deployed": (total, [Total("table-4-4", "self-propelled guns"),
                                                   Total("table-4-4", "multiple rocket launchers"),
                                                   Total("table-4-4", "guns")], None),
    "cf-num-georgia-committed-share": (percent_of, [Total("table-4-4", "troops"),
                                                    Cell("table-4-1", "Combat personnel", "Georgia")], 0),
    "cf-num-georgia-growth-2003-2008": (ratio, [Cell(SPENDING, 2008, "Georgia"), Cell(SPENDING, 2003, "Georgia")], 1),
    "cf-num-spending-ratio-2008": (ratio, [Cell(SPENDING, 2008, "Russia"), Cell(SPENDING, 2008, "Georgia")], 0),
    "cf-num-spending-ratio-2003": (ratio, [Cell(SPENDING, 2003, "Russia"), Cell(SPENDING, 2003, "Georgia")], 0),
    "cf-num-russia-growth-2003-2008-percent": (growth_percent, [Cell(SPENDING, 2003, "Russia"),
                                                                Cell(SPENDING, 2008, "Russia")], 0),
    "cf-num-russia-increase-2007-2008": (difference, [Cell(SPENDING, 2008, "Russia"),
                                                      Cell(SPENDING, 2007, "Russia")], None),
    "cf-num-georgia-change-2007-2008-percent": (growth_percent, [Cell(SPENDING, 2007, "Georgia"),
                                                                 Cell(SPENDING, 2008, "Georgia")], 1),
    "cf-num-active-troops-ratio-2006": (ratio, [Said("military-gap", "1.3 million"),
                                                Said("military-gap", "20,000")], 0),
    "cf-num-oil-price-1998": (figure, [Said("recovery", "US$8")], None),
    "cf-num-blue-stream-points": (difference, [Said("energy-and-europe", "80%"), Said("energy-and-europe", "66%")],
                                  None),
    "cf-num-eu-gas-consumption-share": (figure, [Said("energy-and-europe", "30%")], None),
}


@pytest.fixture(scope="module")
def content():
    course = read_course(CONTENT)
    drafts, _ = read_questions(CONTENT, course)
    return course, [d for d in drafts if d.fields["type"] == "numerical"]


def full_credit(draft) -> dict:
    [answer] = [a for a in draft.rows[NumericalAnswer] if a["fraction"] == 1.0]
    return answer


def within(answer: dict, value: float) -> bool:
    tolerance = abs(answer["value"]) * answer["tolerance"] / 100 if answer["relative"] else answer["tolerance"]
    return abs(value - answer["value"]) <= tolerance + 1e-9


def heading_title(lesson, anchor: str) -> str:
    return re.search(rf"^#{{2,3}} (.+?) \{{#{re.escape(anchor)}\}}", lesson.body, re.M).group(1)


def test_at_least_fifteen_numerical_questions_in_the_causes_bank_of_chapter_4(content):
    """At least 15 numerical questions load, all in the causes bank and linked to a chapter 4 lesson, and each has
    its figure recorded in this test."""
    course, numerical = content
    assert len(numerical) >= 15
    for draft in numerical:
        assert draft.fields["topic"] == "causes", draft.entry.data["slug"]
        assert course.lessons[draft.entry.data["lesson"]].chapter == 4, draft.entry.data["slug"]
    assert {d.entry.data["slug"] for d in numerical} == set(FIGURES)


def test_each_full_credit_value_is_a_figure_of_the_thesis_or_computed_from_them(content):
    """The full-credit value equals its recorded figure, or the rule applied to the recorded figures and rounded
    as the stem asks; the exact result lies inside the full-credit tolerance."""
    course, numerical = content
    for draft in numerical:
        slug = draft.entry.data["slug"]
        rule, inputs, places = FIGURES[slug]
        exact = rule(*(source.value(course) for source in inputs))
        answer = full_credit(draft)
        assert answer["value"] == (exact if places is None else round(exact, places)), (slug, exact)
        assert within(answer, exact), (slug, exact, answer)
        if places is None:
            assert answer["tolerance"] == 0, slug


def test_each_explanation_names_its_source(content):
    """An explanation names every table its figures come from (Table 4-N) and, for figures from a lesson's text,
    the title of the lesson section the question links to."""
    course, numerical = content
    for draft in numerical:
        slug, explanation = draft.entry.data["slug"], draft.fields["explanation"]
        for source in FIGURES[slug][1]:
            if isinstance(source, Said):
                lesson = course.lessons[draft.entry.data["lesson"]]
                assert source.lesson == draft.entry.data["lesson"], slug
                assert heading_title(lesson, draft.entry.data["anchor"]) in explanation, slug
            else:
                assert f"Table {TABLES[source.table]['number']}" in explanation, (slug, source.table)


def test_partial_credit_answers_explain_themselves(content):
    """Every answer with partial credit says in its feedback why it earns only part, and lies outside the
    full-credit range, so a student who gets it knows what to fix."""
    _, numerical = content
    partial = [(d, a) for d in numerical for a in d.rows[NumericalAnswer] if a["fraction"] < 1]
    assert len(partial) >= 5
    for draft, answer in partial:
        assert 0 < answer["fraction"] < 1, draft.entry.data["slug"]
        assert len(answer["feedback"].split()) >= 8, draft.entry.data["slug"]
        assert not within(full_credit(draft), answer["value"]), draft.entry.data["slug"]


@pytest.mark.django_db
def test_loaded_numerical_questions_grade_typed_answers_and_are_drawn(content):
    """After load_course, a student's typed key ("22,500", with the unit) earns full marks, a near-miss its partial
    credit, and every numerical question is in the pools of the causes quiz and the chapter 4 check."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    questions = Question.objects.filter(type="numerical").select_related("numerical_unit").prefetch_related(
        "numerical_answers")
    assert {q.slug for q in questions} == set(FIGURES)
    qtype = get_type("numerical")
    for question in questions:
        snapshot = qtype.snapshot(question)
        for answer in question.numerical_answers.all():
            typed = f"{format_number(answer.value)} {snapshot['unit']}".strip()
            parsed = qtype.parse({"q": typed}, "q", snapshot, None)
            assert qtype.grade(snapshot, parsed) == answer.fraction, (question.slug, typed)
    for quiz_slug in ("causes", "chapter-4-check"):
        pool = set(quiz_pool(Quiz.objects.get(slug=quiz_slug)).values_list("slug", flat=True))
        assert set(FIGURES) <= pool, quiz_slug
