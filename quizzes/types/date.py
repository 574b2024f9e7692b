"""A date or a year, graded at the precision the source gives (year,
month or day)."""

import datetime
import functools
import re
import unicodedata

from django import forms
from django.utils.formats import date_format
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading
from quizzes.models import DateKey
from quizzes.types.base import AnswerError, QuestionType, to_int


def month_choices() -> list[tuple[int, str]]:
    return [(number, MONTHS[number]) for number in range(1, 13)]


def human_date(year, month=None, day=None) -> str:
    """A date as people write it, in the active language: 19 January 1996,
    February 1931, 1992 (Traditional Chinese: 1996年1月19日)."""
    try:
        if month and day:
            return date_format(datetime.date(year, month, day), "DATE_FORMAT")
        if month:
            return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
    except ValueError:  # a day the month does not have (31 February): say what was typed
        return "-".join(f"{part:02d}" for part in (year, month, day) if part)
    return str(year)


CHINESE_DATE = re.compile(r"^(\d{1,4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
ISO_DATE = re.compile(r"^(\d{1,4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def date_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date written whole, in Chinese form (2008年8月7日,
    2008年8月, 2008年; full-width digits too) or ISO (2008-08-07, 2008-08, 2008);
    None for anything else."""
    folded = "".join(unicodedata.normalize("NFKC", text or "").split())
    found = CHINESE_DATE.match(folded) or ISO_DATE.match(folded)
    if not found:
        return None
    year, month, day = (int(part) if part else None for part in found.groups())
    return year, month, day


def _incomplete_message(precision) -> str:
    """What the page says (as the student types, and after saving) when a date lacks a part the question asks for."""
    if precision == "day":
        return _("This answer is incomplete: the question asks for the day, the month and the year.")
    if precision == "month":
        return _("This answer is incomplete: the question asks for the month and the year.")
    return ""


def _precision_of(text) -> str | None:
    from lessons.content_files import parse_partial_date
    try:
        return parse_partial_date(text)[1]
    except (TypeError, ValueError):
        return None


class DateEntry(QuestionType):
    code = "date"
    label = gettext_lazy("date / year")
    position = 5
    content_keys = frozenset({"event"})
    select = ("date_key",)
    keeps_defaults = frozenset({"wrong_answers", "content_translation", "translated_parts", "present", "feedback_html", "mistakes", "length_problems", "question_fields",
                                "parts_form", "gift_meta"})

    part_models = (DateKey,)

    def parts(self, question):
        key = question.date_key
        return {"precision": key.precision, "key": {"date": [key.date.year, key.date.month, key.date.day]}}

    def public(self, snapshot, shown, answer):
        answer = answer or {}
        return {"precision": snapshot["precision"], "year": answer.get("year"),
                "month": answer.get("month"), "day": answer.get("day"), "months": month_choices(),
                "incomplete_message": _incomplete_message(snapshot["precision"])}

    def parse(self, data, prefix, snapshot, shown):
        precision = snapshot["precision"]
        raw_year = data.get(f"{prefix}-year", "").strip()
        raw_month = data.get(f"{prefix}-month", "").strip()
        raw_day = data.get(f"{prefix}-day", "").strip()
        if not (raw_year or raw_month or raw_day):
            return None
        whole = date_parts(raw_year)  # a date typed whole into the year box: 2008年8月7日 or 2008-08-07
        if whole and not (whole[1] and raw_month or whole[2] and raw_day):
            raw_year = str(whole[0])
            raw_month = str(whole[1]) if whole[1] and precision != "year" else raw_month
            raw_day = str(whole[2]) if whole[2] and precision == "day" else raw_day
        year = to_int(raw_year, _("Enter the year as a number, for example 1992."))
        if not 1 <= year <= 9999:
            raise AnswerError(_("Enter a year between 1 and 9999."))
        month = day = None
        if precision in ("month", "day"):
            month = to_int(raw_month, _("Choose the month.")) if raw_month else None
            if month is not None and not 1 <= month <= 12:
                raise AnswerError(_("Choose a month from the list."))
        if precision == "day":
            day = to_int(raw_day, _("Enter the day of the month.")) if raw_day else None
            if day is not None and not 1 <= day <= 31:
                raise AnswerError(_("Enter a day between 1 and 31."))
        return {"year": year, "month": month, "day": day}

    def incomplete(self, snapshot, answer):
        precision = snapshot["precision"]
        if not answer or answer.get("month") and (answer.get("day") or precision != "day"):
            return ""
        return _incomplete_message(precision)

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        fields = {"year": answer["year"], "month": answer.get("month"), "day": answer.get("day")}
        return {f"{prefix}-{name}": str(value) for name, value in fields.items() if value is not None}

    def grade(self, snapshot, answer):
        if not answer:
            return 0.0
        return grading.grade_date((answer["year"], answer.get("month"), answer.get("day")),
                                  tuple(snapshot["key"]["date"]), snapshot["precision"])

    def problems(self, snapshot):
        return [] if snapshot.get("precision") in ("year", "month", "day") else [_("Give the date's precision.")]

    def describe(self, snapshot, answer):
        if not answer:
            return ""
        if answer.get("day") and not answer.get("month"):
            return _("day %(day)s, %(year)s (no month)") % {"day": answer["day"], "year": answer["year"]}
        return human_date(answer["year"], answer.get("month"), answer.get("day"))

    def describe_key(self, snapshot):
        year, month, day = snapshot["key"]["date"]
        precision = snapshot["precision"]
        return human_date(year, month if precision != "year" else None, day if precision == "day" else None)

    def example_draft(self):
        return {"date": "2008-08-08"}

    def key_answer(self, snapshot):
        year, month, day = snapshot["key"]["date"]
        return {"year": year, "month": month, "day": day}

    def wrong_answer(self, snapshot, rng=None):
        year, month, day = snapshot["key"]["date"]
        return {"year": year + (rng.choice([-1, 1]) if rng else 1), "month": month, "day": day}

    def refreshed_key(self, snapshot, fresh):
        if fresh["precision"] != snapshot["precision"]:
            return None, _("the date's precision has changed")
        return fresh["key"], ""

    def draft_defaults(self):
        return {"date": ""}

    def draft_from_question(self, question):
        if not hasattr(question, "date_key"):
            return {"date": ""}
        key = question.date_key
        return {"date": {"year": f"{key.date.year:04d}", "month": key.date.strftime("%Y-%m")}.get(
            key.precision, key.date.isoformat())}

    def draft_problems(self, draft):
        if not isinstance(draft.get("date"), str):
            return [_("The date must be text.")]
        if _precision_of(draft["date"]) is None:
            return [_("Give the date as YYYY, YYYY-MM or YYYY-MM-DD, for example 2008-08-07.")]
        return []

    def snapshot_from_draft(self, draft):
        return {"precision": _precision_of(draft.get("date") or ""), "key": {}}

    def part_rows(self, question, draft):
        from lessons.content_files import parse_partial_date
        date, precision = parse_partial_date(draft["date"])
        return [DateKey(question=question, date=date, precision=precision)]

    def form_fields(self):
        return {"date": forms.CharField(
            label=gettext_lazy("Answer date"), required=False, max_length=10,
            help_text=gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD: students answer at this precision."))}

    def initial(self, draft):
        return {"date": draft["date"]}, []

    def draft_from_form(self, cleaned, rows):
        return {"date": (cleaned.get("date") or "").strip()}

    def content_parts(self, entry, content, errors):
        from lessons.content_files import parse_partial_date
        event = content.event_by_slug.get(entry.data.get("event"))
        if event is None:
            errors.append(entry.error("event", f"unknown timeline event {entry.data.get('event')!r}"))
            return {}, {DateKey: []}, {}
        date, precision = parse_partial_date(event.data["date"])
        return {}, {DateKey: [{"date": date, "precision": precision, "event": event.data["slug"]}]}, \
            {"date": event.data["date"]}

    def gift_write(self, draft):
        # GIFT's numbers cannot say a month or a day; the '// casebook' line
        # before the question keeps the type, so a year comes back as a date.
        return f"#{draft['date']}:0" if len(draft["date"]) == 4 else None

    def gift_read(self, block, parsed, draft):
        if not (block.numeric and block.meta.get("type") == self.code):
            return False
        number, _sep, tolerance = block.numeric_text.partition(":")
        if not number.strip().isdigit() or tolerance.strip() not in ("", "0"):
            parsed.errors.append(_("A date question's answer must be a whole year, like {#1992}."))
            return True
        draft.update(type=self.code, date=f"{int(number):04d}")
        return True

    def admin_inlines(self):
        return [_date_inline()]


@functools.cache
def _date_inline():
    """The date answer in the admin (built when the admin first asks: admin classes need loaded apps)."""
    from django.contrib import admin

    class DateKeyInline(admin.StackedInline):
        model = DateKey
        extra = 0
        autocomplete_fields = ("event",)

    return DateKeyInline
