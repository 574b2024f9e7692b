"""Guards from the course's second pass (issue 15): no thesis line numbers in front of
students, no ordering items whose periods overlap, no explanation quoting something that
is not there, and no date question resting on a date flagged as a slip of the thesis."""

import re
import tomllib
from pathlib import Path

import pytest

from lessons.content import read_course
from lessons.content_files import read_front_matter
from quizzes.content import read_questions
from quizzes.models import DateKey, MatchPair, Option, OrderingItem

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
# Fields written for editors, never shown to students.
EDITOR_KEYS = {"source_line", "source_lines", "slug", "lesson", "anchor", "event", "events", "cause"}
LINE_REFERENCE = re.compile(
    r"\b(?:lines?|ll?\.)\s*\d+"         # line 12, lines 990–994, l. 990, ll. 990–4
    r"|第\s*\d+\s*行|\d+\s*行"          # 第 990 行, 990 行
    r"|\bL\d{2,}\b",                    # L990
    re.IGNORECASE,
)
PERIOD = re.compile(
    r"(?P<start>1[5-9]\d\d|20\d\d)(?P<decade>s)?(?:\s*[–-]\s*(?P<end>1[5-9]\d\d|20\d\d)(?P<end_decade>s)?)?"
)
QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|(?<![A-Za-z])'([^']{3,}?)'(?![A-Za-z])")


@pytest.fixture(scope="module")
def content():
    course = read_course(CONTENT)
    drafts, quizzes = read_questions(CONTENT, course)
    return course, drafts, quizzes


def student_strings(data, path=()):
    """Every string in a parsed TOML value, with its key path, outside the editors' fields."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in EDITOR_KEYS:
                yield from student_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from student_strings(value, (*path, index))


def student_texts():
    """(file, where, text) for everything in content/ that a student can read."""
    for path in sorted(CONTENT.rglob("*.toml")):
        for where, text in student_strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            yield path.relative_to(ROOT), where, text
    for path in sorted((CONTENT / "lessons").rglob("*.md")):
        errors = []
        meta, body, _ = read_front_matter(path, errors)
        assert not errors, errors
        for where, text in student_strings(meta):
            yield path.relative_to(ROOT), where, text
        yield path.relative_to(ROOT), ("body",), body


def test_line_reference_pattern_catches_the_forms_in_use():
    """The line-number pattern matches every way a thesis line can be cited, and not ordinary words."""
    for cited in ("look at lines 990–994", "(line 1797)", "l. 990", "ll. 990–4", "第 990 行", "990行", "see L990"):
        assert LINE_REFERENCE.search(cited), cited
    for plain in ("pipelines 3 and 4", "front lines", "the BTC pipeline in 2005", "Table 4-2", "銀行"):
        assert not LINE_REFERENCE.search(plain), plain


def test_no_thesis_line_numbers_in_student_facing_text():
    """No lesson, question, option, feedback, glossary entry, event, cause, table or quiz shows students a
    thesis line number; line numbers live only in the editors' source_line(s) fields."""
    found = [f"{path} {'/'.join(map(str, where))}: {match.group(0)!r}"
             for path, where, text in student_texts() for match in LINE_REFERENCE.finditer(text)]
    assert not found, "\n".join(found)


def period_of(text: str) -> tuple[int, int] | None:
    """The span of years an ordering item names in its text, or None when it names none."""
    years = []
    for match in PERIOD.finditer(text):
        start = int(match["start"])
        end = int(match["end"]) if match["end"] else start
        end += 9 if (match["end_decade"] or (match["decade"] and not match["end"])) else 0
        years += [start, end]
    return (min(years), max(years)) if years else None


def test_period_parser_reads_years_decades_and_ranges():
    """An item's period is read from single years, decades and ranges."""
    assert period_of("Wars in both regions (1990–1993)") == (1990, 1993)
    assert period_of("Openness lets nationalism out (1980s)") == (1980, 1989)
    assert period_of("Soviet rule (1920s–1931)") == (1920, 1931)
    assert period_of("The attack (August 2008)") == (2008, 2008)
    assert period_of("Show that Russia is defensive") is None


def rows(draft, model) -> list[dict]:
    """A loaded question's answer-key rows of one model (as the loader will write them)."""
    return draft.rows.get(model, [])


def test_ordering_items_with_periods_do_not_overlap(content):
    """In a free-text ordering question, each dated item's period ends before the next dated item's begins,
    so the key cannot be argued."""
    _, drafts, _ = content
    checked = 0
    for draft in drafts:
        if draft.fields["type"] != "ordering" or any(item["event"] for item in rows(draft, OrderingItem)):
            continue
        periods = [(item["text"], period_of(item["text"])) for item in rows(draft, OrderingItem)]
        dated = [(text, period) for text, period in periods if period]
        for (first, (_, first_end)), (second, (second_start, _)) in zip(dated, dated[1:], strict=False):
            assert first_end < second_start, (draft.entry.data["slug"], first, second)
        checked += len(dated) > 1
    assert checked >= 1


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def quotes_not_found(text: str, own: str, course_text: str) -> list[str]:
    """The phrases text puts in quotation marks that occur neither in own nor in course_text."""
    found = (normalised(next(group for group in m.groups() if group)) for m in QUOTED.finditer(text))
    return [quoted for quoted in found if quoted not in normalised(own) and quoted not in course_text]


def test_quote_guard_flags_an_option_that_is_not_there():
    """An explanation that quotes a distractor the question does not offer is flagged; one that quotes a real
    option is not."""
    own = "Tell the war's distant causes apart from its proximate causes. Justify choosing a single unusual case."
    assert quotes_not_found('The thesis never tries to "measure military balances through history".', own, "")
    assert not quotes_not_found('"Justify choosing a single unusual case" is the case-study method.', own, "")


def test_explanations_quote_only_what_exists(content):
    """A phrase that an explanation or an option's feedback puts in quotation marks is found in the question
    itself (stem, options, feedback, items, pairs) or elsewhere in the course: an explanation cannot quote an
    option, or a thesis phrase, that is not there."""
    _, drafts, _ = content
    course_text = normalised(" ".join(text for path, _, text in student_texts() if "questions" not in path.parts))
    missing = []
    for draft in drafts:
        own = " ".join([
            draft.fields["stem"], *(o["text"] + " " + o["feedback"] for o in rows(draft, Option)),
            *(i["text"] for i in rows(draft, OrderingItem)),
            *(p["item"] + " " + p["category"] for p in rows(draft, MatchPair))])
        for text in (draft.fields["explanation"], *(o["feedback"] for o in rows(draft, Option))):
            missing += [(draft.entry.data["slug"], quoted) for quoted in quotes_not_found(text, own, course_text)]
    assert not missing, missing


def test_no_date_question_asks_for_a_date_flagged_as_a_probable_slip(content):
    """A timeline event whose description flags its date as a probable slip of the thesis is never the key of a
    date question, so no student is marked on the slip."""
    course, drafts, _ = content
    flagged = {e.data["slug"] for e in course.events if "probably a slip" in e.data["description"]}
    assert {"b-partnership-for-peace", "b-abm-withdrawal", "c-abkhaz-referendum-1991"} <= flagged
    asked = {key["event"] for draft in drafts for key in rows(draft, DateKey)}
    assert not flagged & asked, flagged & asked
