"""Numerical: a number within a tolerance (absolute, or a percentage of the
answer), with several accepted answers for partial credit and feedback, and
an optional unit shown to the student. Input is forgiving of how people write
numbers: "1,300,000", "1 300 000", "1.3 million", "130萬", full-width digits.

This type keeps its key in its own tables, `NumericalAnswer` and
`NumericalUnit` (migration `quizzes.0006`)."""

import functools
import math
import re

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import limits
from quizzes.gift_text import escape, find_unescaped, split_unescaped
from quizzes.models import Question
from quizzes.types.base import AnswerError, QuestionType, as_list, over_caps

MAX_INPUT = 40
UNIT_LENGTH = 30
# Words and characters that scale a number, as people write them.
# No "m": it would read "5m" as five million on a question in metres.
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "千": 1e3, "萬": 1e4, "万": 1e4, "百萬": 1e6, "億": 1e8, "亿": 1e8}
NUMBER = re.compile(r"^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(.*)$")
# Full-width digits and signs (a Chinese keyboard) as ASCII; nothing else is folded, so "²" is not a 2.
FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
LARGEST = 1e15


class NumericalAnswer(models.Model):
    """An accepted number of a numerical question, with its tolerance and credit."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="numerical_answers",
                                 verbose_name=gettext_lazy("question"))
    position = models.PositiveSmallIntegerField(gettext_lazy("position"))
    value = models.FloatField(gettext_lazy("value"))
    tolerance = models.FloatField(gettext_lazy("tolerance"), default=0)
    relative = models.BooleanField(gettext_lazy("tolerance is a percentage"), default=False)
    fraction = models.FloatField(gettext_lazy("credit"), default=1.0,
                                 help_text=gettext_lazy("1 is full marks, 0.5 half."))
    feedback = models.TextField(gettext_lazy("feedback"), blank=True)

    class Meta:
        app_label = "quizzes"
        ordering = ["question", "position"]
        verbose_name = gettext_lazy("numerical answer")
        verbose_name_plural = gettext_lazy("numerical answers")
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="numerical_unique_position"),
            models.CheckConstraint(condition=models.Q(tolerance__gte=0), name="numerical_tolerance_not_negative"),
            models.CheckConstraint(condition=models.Q(fraction__gte=0, fraction__lte=1),
                                   name="numerical_fraction_in_range"),
        ]

    def __str__(self):
        return describe_answer({"value": self.value, "tolerance": self.tolerance, "relative": self.relative})


class NumericalUnit(models.Model):
    """The unit a numerical question's answer is in, shown beside the input."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="numerical_unit",
                                    verbose_name=gettext_lazy("question"))
    unit = models.CharField(gettext_lazy("unit"), max_length=UNIT_LENGTH)

    class Meta:
        app_label = "quizzes"
        verbose_name = gettext_lazy("numerical unit")
        verbose_name_plural = gettext_lazy("numerical units")

    def __str__(self):
        return self.unit


# ---- numbers as people write them -----------------------------------------------

def parse_number(text: str, unit: str = "") -> float | None:
    """The number in `text`, or None: thousands separators (commas, spaces),
    a decimal comma when it cannot be a thousands separator, scale words,
    full-width digits, and the question's own unit after the number."""
    text = (text or "").translate(FULL_WIDTH).strip().lower()
    text = re.sub(r"[\s\u00a0\u2009\u202f']+(?=\d{3}\b)", "", text)  # 1 300 000, 1'300'000
    for mark in ("−", "–"):
        text = text.replace(mark, "-")
    found = NUMBER.match(text)
    if not found:
        return None
    sign, digits, rest = found.groups()
    if "," in digits:
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
            digits = digits.replace(",", "")
        elif re.fullmatch(r"\d+,\d+", digits):
            digits = digits.replace(",", ".")  # a decimal comma: 12,5
        else:
            return None  # commas that group nothing: 1,30.5
    value = float(digits)
    rest = rest.strip()
    unit = unit.translate(FULL_WIDTH).strip().lower()
    if unit and rest.endswith(unit):
        rest = rest[: -len(unit)].strip()
    elif unit and rest and unit.endswith(rest):
        rest = ""  # the unit's own last word: "51.8 billion" when the unit is "US$ billion"
    if rest:
        if rest not in SCALES:
            return None
        value *= SCALES[rest]
    return -value if sign == "-" else value


def format_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _bounds(answer: dict) -> tuple[float, float]:
    tolerance = abs(answer["value"]) * answer["tolerance"] / 100 if answer.get("relative") else answer["tolerance"]
    return answer["value"] - tolerance, answer["value"] + tolerance


def describe_answer(answer: dict, unit: str = "") -> str:
    text = format_number(answer["value"])
    if answer.get("tolerance"):
        text += f" ± {format_number(answer['tolerance'])}{' %' if answer.get('relative') else ''}"
    return f"{text} {unit}".strip()


def grade_number(value: float | None, answers: list[dict]) -> float:
    """The best credit among the accepted answers whose range holds `value`."""
    if value is None or not math.isfinite(value):
        return 0.0
    return max((a["fraction"] for a in answers if _bounds(a)[0] - 1e-9 <= value <= _bounds(a)[1] + 1e-9),
               default=0.0)


# ---- the type ---------------------------------------------------------------

class NumberForm(forms.Form):
    value = forms.FloatField(label=gettext_lazy("Answer"), required=False)
    tolerance = forms.FloatField(label=gettext_lazy("± tolerance"), required=False, min_value=0)
    relative = forms.BooleanField(label=gettext_lazy("Tolerance in %"), required=False)
    credit = forms.IntegerField(label=gettext_lazy("Credit (%)"), required=False, min_value=0, max_value=100,
                                help_text=gettext_lazy("Blank is full marks."))
    feedback = forms.CharField(label=gettext_lazy("Feedback if given"), required=False, max_length=limits.FEEDBACK,
                               widget=forms.Textarea(attrs={"rows": 1}))


class Numerical(QuestionType):
    code = "numerical"
    label = gettext_lazy("numerical")
    position = 8
    select = ("numerical_unit",)
    prefetch = ("numerical_answers",)
    part_models = (NumericalAnswer, NumericalUnit)
    content_keys = frozenset({"number", "unit"})
    keeps_defaults = frozenset({"wrong_answers", "incomplete", "present", "refreshed_key", "question_fields"})

    # ---- attempts -------------------------------------------------------------

    def _unit_of(self, question) -> str:
        try:
            return question.numerical_unit.unit
        except NumericalUnit.DoesNotExist:
            return ""

    def parts(self, question):
        from lessons.markdown import render_markdown
        answers = [{"value": a.value, "tolerance": a.tolerance, "relative": a.relative, "fraction": a.fraction,
                    "feedback_html": render_markdown(a.feedback)} for a in question.numerical_answers.all()]
        return {"unit": self._unit_of(question), "key": {"answers": answers}}

    def public(self, snapshot, shown, answer):
        return {"text": (answer or {}).get("text", ""), "unit": snapshot.get("unit", ""), "maxlength": MAX_INPUT}

    def parse(self, data, prefix, snapshot, shown):
        text = data.get(prefix, "")
        if not isinstance(text, str):
            raise AnswerError(_("Type the number."))
        text = text.strip()
        if not text:
            return None
        if len(text) > MAX_INPUT:
            raise AnswerError(_("Keep the number under %(n)s characters.") % {"n": MAX_INPUT})
        value = parse_number(text, snapshot.get("unit", ""))
        if value is None or not math.isfinite(value):
            raise AnswerError(_("Enter a number, for example 1,300,000 or 1.3 million."))
        return {"text": text, "value": value}

    def form_data(self, snapshot, shown, answer, prefix):
        return {prefix: answer["text"]} if answer else {}

    def grade(self, snapshot, answer):
        return grade_number((answer or {}).get("value"), snapshot["key"]["answers"])

    def problems(self, snapshot):
        answers = snapshot["key"].get("answers", [])
        if not any(a["fraction"] == 1.0 for a in answers):
            return [_("Give at least one answer with full credit.")]
        return []

    def describe(self, snapshot, answer):
        if not answer:
            return ""
        return f"{format_number(answer['value'])} {snapshot.get('unit', '')}".strip()

    def describe_key(self, snapshot):
        answers = snapshot["key"]["answers"]
        parts = [describe_answer(a, snapshot.get("unit", "")) + ("" if a["fraction"] == 1.0 else
                                                                  f" ({round(a['fraction'] * 100)} %)")
                 for a in answers]
        return " / ".join(parts)

    def feedback_html(self, snapshot, answer):
        value = answer.get("value")
        matching = [a for a in snapshot["key"]["answers"] if _bounds(a)[0] - 1e-9 <= value <= _bounds(a)[1] + 1e-9]
        best = max(matching, key=lambda a: a["fraction"], default=None)
        return [best["feedback_html"]] if best and best.get("feedback_html") else []

    def example_draft(self):
        return {"numbers": [{"value": 1300000.0, "tolerance": 5.0, "relative": True, "fraction": 1.0,
                             "feedback": "Close enough to the thesis's figure."},
                            {"value": 1000000.0, "tolerance": 100000.0, "relative": False, "fraction": 0.5,
                             "feedback": ""}],
                "unit": "people"}

    def key_answer(self, snapshot):
        best = max(snapshot["key"]["answers"], key=lambda a: a["fraction"])
        return {"text": format_number(best["value"]), "value": best["value"]}

    def wrong_answer(self, snapshot, rng=None):
        top = max(_bounds(a)[1] for a in snapshot["key"]["answers"])
        value = float(math.floor(top * 2 + 10 + (rng.randrange(100) if rng else 0)))
        return {"text": format_number(value), "value": value}

    def mistakes(self, snapshot, answer):
        text = format_number(answer["value"])
        return [(("value", answer["value"]), _("Answered “%(text)s”") % {"text": text})]

    # ---- storage --------------------------------------------------------------

    def draft_defaults(self):
        return {"numbers": [], "unit": ""}

    def draft_from_question(self, question):
        return {"numbers": [{"value": a.value, "tolerance": a.tolerance, "relative": a.relative,
                             "fraction": a.fraction, "feedback": a.feedback} for a in question.numerical_answers.all()],
                "unit": self._unit_of(question)}

    def draft_problems(self, draft):
        numbers, unit = draft.get("numbers"), draft.get("unit")
        if not isinstance(unit, str):
            return [_("The unit must be text.")]
        if not isinstance(numbers, list) or not all(
                isinstance(n, dict) and {"value"} <= set(n) <= {"value", "tolerance", "relative", "fraction", "feedback"}
                and all(_is_number(n.get(k, 0)) for k in ("value", "tolerance", "fraction"))
                and isinstance(n.get("relative", False), bool) and isinstance(n.get("feedback", ""), str)
                for n in numbers):
            return [_("The numbers must be a list of objects with value, tolerance, relative, fraction and feedback.")]
        if any(n.get("tolerance", 0) < 0 or not 0 <= n.get("fraction", 1) <= 1 for n in numbers):
            return [_("A tolerance cannot be negative, and credit is between 0 and 1.")]
        return []

    def length_problems(self, draft):
        checks = [(_("The unit"), draft.get("unit"), UNIT_LENGTH)]
        for n, number in enumerate(as_list(draft.get("numbers")), start=1):
            if isinstance(number, dict):
                checks.append((_("The feedback of answer %(n)s") % {"n": n}, number.get("feedback"), limits.FEEDBACK))
        return over_caps(checks)

    def snapshot_from_draft(self, draft):
        return {"unit": draft.get("unit") or "",
                "key": {"answers": [{"value": n["value"], "tolerance": n.get("tolerance", 0),
                                     "relative": n.get("relative", False), "fraction": n.get("fraction", 1)}
                                    for n in draft.get("numbers") or []]}}

    def part_rows(self, question, draft):
        rows = [NumericalAnswer(question=question, position=i, value=float(n["value"]),
                                tolerance=float(n.get("tolerance", 0)), relative=bool(n.get("relative")),
                                fraction=float(n.get("fraction", 1)), feedback=n.get("feedback") or "")
                for i, n in enumerate(draft["numbers"], start=1)]
        if draft.get("unit"):
            rows.append(NumericalUnit(question=question, unit=draft["unit"]))
        return rows

    # ---- authoring ------------------------------------------------------------

    def form_fields(self):
        return {"unit": forms.CharField(label=gettext_lazy("Unit (shown beside the answer)"), required=False,
                                        max_length=UNIT_LENGTH,
                                        help_text=gettext_lazy("For example: troops, tanks, million US$."))}

    def parts_form(self):
        return NumberForm, gettext_lazy("Accepted numbers — each with its tolerance and credit")

    def initial(self, draft):
        rows = [{"value": n["value"], "tolerance": n.get("tolerance") or None, "relative": n.get("relative", False),
                 "credit": None if n.get("fraction", 1) == 1 else round(n["fraction"] * 100),
                 "feedback": n.get("feedback", "")} for n in draft["numbers"]]
        return {"unit": draft["unit"]}, rows

    def draft_from_form(self, cleaned, rows):
        numbers = [{"value": float(r["value"]), "tolerance": float(r.get("tolerance") or 0),
                    "relative": bool(r.get("relative")),
                    "fraction": 1.0 if r.get("credit") is None else r["credit"] / 100,
                    "feedback": (r.get("feedback") or "").strip()} for r in rows if r.get("value") is not None]
        return {"numbers": numbers, "unit": (cleaned.get("unit") or "").strip()}

    # ---- content files --------------------------------------------------------

    def content_parts(self, entry, content, errors):
        answers, unit = [], entry.data.get("unit", "")
        if not isinstance(unit, str):
            errors.append(entry.error("unit", "unit must be text"))
            unit = ""
        for index, number in enumerate(entry.data.get("number", []), start=1):
            extra = set(number) - {"value", "tolerance", "tolerance_percent", "credit", "feedback"}
            value = number.get("value")
            if extra or not all(_is_number(number.get(k, 0)) for k in ("value", "tolerance", "tolerance_percent", "credit")) \
                    or ("tolerance" in number and "tolerance_percent" in number):
                errors.append(entry.error("number", f"number {index} needs a value, and either tolerance or "
                                                    f"tolerance_percent, optionally credit (percent) and feedback"))
                continue
            relative = "tolerance_percent" in number
            answers.append({"position": index, "value": float(value),
                            "tolerance": float(number.get("tolerance_percent" if relative else "tolerance", 0)),
                            "relative": relative, "fraction": number.get("credit", 100) / 100,
                            "feedback": number.get("feedback", "")})
        if not answers:
            errors.append(entry.error("number", "a numerical question needs at least one [[question.number]]"))
        draft = {"unit": unit, "numbers": [{k: v for k, v in a.items() if k != "position"} for a in answers]}
        return {}, {NumericalAnswer: answers, NumericalUnit: [{"unit": unit}] if unit else []}, draft

    translatable_keys = frozenset({"unit", "number"})

    def content_translation(self, english, variant, content, rows, errors):
        from lessons.editions import mirror_parts
        texts = {}
        if "unit" in variant.data:
            if not english.data.get("unit"):
                errors.append(variant.error("unit", "the English has no unit to translate"))
            elif not isinstance(variant.data["unit"], str):
                errors.append(variant.error("unit", "unit must be text"))
            else:
                texts["unit"] = variant.data["unit"].strip()
        if "number" in variant.data or any("feedback" in n for n in english.data.get("number", [])):
            parts = mirror_parts(english, variant, "number", lambda n: {"feedback"} & set(n), errors)
            texts["numbers"] = [{"feedback": p.get("feedback", "")} for p in parts]
        return texts

    def translated_parts(self, question, snapshot, texts):
        from lessons.markdown import render_markdown
        overlay = {"unit": texts["unit"]} if texts.get("unit") else {}
        numbers = texts.get("numbers") or []
        if any(n.get("feedback") for n in numbers) and len(numbers) == len(snapshot["key"]["answers"]):
            overlay["key"] = {"answers": [{"feedback_html": render_markdown(n["feedback"])} if n.get("feedback") else {}
                                          for n in numbers]}
        return overlay

    # ---- GIFT -----------------------------------------------------------------

    def gift_write(self, draft):
        def one(number):
            low, high = _bounds(number)
            span = f"{format_number(number['value']).replace(',', '')}:{format_number((high - low) / 2).replace(',', '')}"
            weight = "" if number.get("fraction", 1) == 1 else f"%{round(number['fraction'] * 100)}%"
            feedback = f"#{escape(number['feedback'])}" if number.get("feedback") else ""
            return f"={weight}{span}{feedback}"
        return "#" + " ".join(one(n) for n in draft["numbers"])

    def gift_meta(self, draft):
        meta = {"unit": draft["unit"]} if draft.get("unit") else {}
        if any(n.get("relative") for n in draft["numbers"]):  # GIFT's tolerances are absolute
            meta["numbers"] = draft["numbers"]
        return meta

    def gift_read(self, block, parsed, draft):
        if not block.numeric or block.meta.get("type") not in (None, self.code):
            return False
        body = block.text[1:].strip()
        # As Moodle reads it: everything from the first '~' is feedback for any other answer.
        tilde = find_unescaped(body, "~")
        body, other = (body[:tilde].strip(), body[tilde + 1:]) if tilde >= 0 else (body, "")
        other_feedback = "#".join(c for _m, c in split_unescaped(other, "#")[1:])
        if other_feedback.strip():
            parsed.warnings.append(_("The feedback for any other answer (%(text)r) is not kept: a numerical question "
                                     "has no catch-all answer; put it in the general feedback.") % {
                "text": block.text_of(other_feedback)})
        chunks = [c for m, c in split_unescaped(body, "=") if m or c.strip()] if body.startswith("=") else [body]
        numbers = []
        for chunk in chunks:
            weight = re.match(r"^\s*%(-?\d+(?:\.\d+)?)%", chunk)
            fraction = float(weight.group(1)) / 100 if weight else 1.0
            spec, *feedback = [c for _m, c in split_unescaped(chunk[weight.end():] if weight else chunk, "#")]
            number = _gift_number(spec.strip())
            if number is None:
                parsed.errors.append(_("Not a number, a number:tolerance or a range low..high: %(text)s") % {
                    "text": spec.strip()})
                return True
            if fraction < 0:
                parsed.warnings.append(_("The answer %(text)s has a negative credit and is not kept.") % {
                    "text": spec.strip()})
                continue
            numbers.append({**number, "fraction": min(fraction, 1.0), "feedback": block.text_of("#".join(feedback))})
        unit = block.meta.get("unit", "")
        # The '// casebook' line keeps percentage tolerances; the draft checks judge what it holds.
        draft.update(type=self.code, numbers=block.meta.get("numbers", numbers), unit=unit)
        return True

    # ---- the admin ------------------------------------------------------------

    def admin_inlines(self):
        return list(_admin_inlines())


def _is_number(value) -> bool:
    """A finite number a float holds (an integer of 400 digits is not one)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value)) and abs(float(value)) <= LARGEST
    except OverflowError:
        return False


def _gift_number(spec: str) -> dict | None:
    """'1999', '1999:1' or '2000..2004' as {value, tolerance, relative}."""
    try:
        if ".." in spec:
            low, high = (float(part) for part in spec.split("..", 1))
            return {"value": (low + high) / 2, "tolerance": abs(high - low) / 2, "relative": False}
        value, _sep, tolerance = spec.partition(":")
        return {"value": float(value), "tolerance": abs(float(tolerance or 0)), "relative": False}
    except ValueError:
        return None


@functools.cache
def _admin_inlines():
    from django.contrib import admin

    class NumericalAnswerInline(admin.TabularInline):
        model = NumericalAnswer
        extra = 0
        fields = ("position", "value", "tolerance", "relative", "fraction", "feedback")
        ordering = ("position",)

    class NumericalUnitInline(admin.StackedInline):
        model = NumericalUnit
        extra = 0

    return NumericalAnswerInline, NumericalUnitInline

