"""What each kind of card asks and how its answer is graded.

Cards are made from the course's data, never written by hand: an event gives
date → event and event → date (at the event's precision), a term gives
term → definition and definition → term, and, when it has its Chinese form,
Chinese → English and English → Chinese. Answers are graded by the quizzes'
own functions (a date at its precision, a short text, a choice)."""

import random
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lessons.models import DatePrecision, display_partial_date, format_partial_date, reads_chinese
from quizzes import grading
from quizzes.types import AnswerError, get_type
from quizzes.types.date import month_choices
from review.models import CHINESE_KINDS, EVENT_KINDS, TERM_KINDS, CardKind

CHOICES = 4
MAX_TYPED = 200


def card_kinds_for(*, event=None, term=None) -> list[str]:
    """The kinds of card one event or term gives."""
    if event is not None:
        return list(EVENT_KINDS)
    return list(TERM_KINDS) + (list(CHINESE_KINDS) if term.chinese.strip() else [])


@dataclass
class Question:
    """One card as the page shows it. `key_text` is shown only after answering."""

    kind: str
    label: str
    prompt: str
    mode: str  # "date" | "text" | "choice"
    key_text: str
    precision: str = ""
    choices: list[str] = field(default_factory=list)
    months: list = field(default_factory=list)
    correct_choice: int | None = None
    accepted: list[str] = field(default_factory=list)
    key_date: tuple[int, int, int] | None = None
    detail: str = ""
    # What the student typed into a date card, shown again beside an error message.
    year: int | None = None
    month: int | None = None
    day: int | None = None


def _when(event) -> str:
    """An event's date as a reader writes it, at its precision: 1991, November 2003, 8 August 2008
    (in Chinese 1991年, 2003年11月, 2008年8月8日)."""
    if reads_chinese():
        return display_partial_date(event.date, event.precision)
    return date_format(event.date, {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y"}.get(event.precision, "j F Y"))


def _masked(text: str, *terms: str) -> str:
    """A definition with the term itself (in either language) blanked out, so it does not give the answer away."""
    for term in terms:
        text = re.sub(re.escape(term), "…", text, flags=re.IGNORECASE) if term else text
    return text


def _choices(rng: random.Random, right: str, pool: list[str]) -> tuple[list[str], int]:
    """The right answer among up to three others from the pool, in a seeded order."""
    others = sorted({text for text in pool if text and text != right})
    shown = rng.sample(others, min(CHOICES - 1, len(others))) + [right]
    rng.shuffle(shown)
    return shown, shown.index(right)


def card_question(card, *, seed: str, events: list, terms: list) -> Question:
    """What `card` asks. `events`/`terms`: the course's, for the wrong choices;
    `seed` fixes the order of the choices between showing and grading."""
    rng = random.Random(seed)
    for row in (card.event, card.term, *events, *terms):  # the reader's edition
        if row is not None:
            row.localize()
    if card.kind in EVENT_KINDS:
        event = card.event
        when = _when(event)
        if card.kind == CardKind.DATE_TO_EVENT:
            # Events of the same date are no wrong answers.
            same = format_partial_date(event.date, event.precision)
            pool = [e.title for e in events if format_partial_date(e.date, e.precision) != same]
            choices, correct = _choices(rng, event.title, pool)
            return Question(card.kind, _("What happened on this date?"), when, "choice", event.title,
                            choices=choices, correct_choice=correct, detail=event.description)
        help_text = {DatePrecision.YEAR: _("Give the year."), DatePrecision.MONTH: _("Give the year and the month."),
                     DatePrecision.DAY: _("Give the full date.")}[event.precision]
        return Question(card.kind, _("When did this happen? %(help)s") % {"help": help_text}, event.title, "date",
                        when, precision=event.precision, months=month_choices(),
                        key_date=(event.date.year, event.date.month, event.date.day), detail=event.description)
    term = card.term
    # The Chinese edition names a term by its Chinese form; either form is a right answer.
    name = term.chinese if reads_chinese() and term.chinese else term.term
    if card.kind == CardKind.TERM_TO_DEFINITION:
        choices, correct = _choices(rng, term.definition, [t.definition for t in terms])
        return Question(card.kind, _("Which definition fits this term?"), name, "choice", term.definition,
                        choices=choices, correct_choice=correct)
    if card.kind == CardKind.DEFINITION_TO_TERM:
        return Question(card.kind, _("Which term is this?"), _masked(term.definition, term.term, term.chinese), "text",
                        name, accepted=[t for t in (term.term, term.chinese) if t],
                        detail=term.term if name != term.term else term.chinese)
    if card.kind == CardKind.CHINESE_TO_ENGLISH:
        return Question(card.kind, _("Give the English term."), term.chinese, "text", term.term,
                        accepted=[term.term], detail=term.definition)
    choices, correct = _choices(rng, term.chinese, [t.chinese for t in terms])
    return Question(card.kind, _("Which is the Chinese term, as the thesis writes it?"), term.term, "choice",
                    term.chinese, choices=choices, correct_choice=correct, detail=term.definition)


def question_grade(question: Question, data) -> tuple[float, str] | None:
    """(fraction, the answer as text) from the submitted form; None when nothing
    was answered; AnswerError for input that does not fit."""
    if question.mode == "choice":
        raw = data.get("choice", "").strip()
        if not raw:
            return None
        try:
            chosen = int(raw)
        except ValueError:
            raise AnswerError(_("Choose one of the answers.")) from None
        if not 0 <= chosen < len(question.choices):
            raise AnswerError(_("Choose one of the answers."))
        return grading.grade_single(chosen, question.correct_choice), question.choices[chosen][:300]
    if question.mode == "date":
        date_type = get_type("date")
        snapshot = {"precision": question.precision, "key": {"date": list(question.key_date)}}
        answer = date_type.parse(data, "answer", snapshot, None)
        if answer is None:
            return None
        return date_type.grade(snapshot, answer), date_type.describe(snapshot, answer)
    text = data.get("text", "").strip()
    if not text:
        return None
    if len(text) > MAX_TYPED:
        raise AnswerError(_("Keep the answer under %(count)d characters.") % {"count": MAX_TYPED})
    return grading.grade_short(text, question.accepted), text
