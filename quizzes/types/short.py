"""Short answer: a word or a name, matched against accepted answers with
case, spacing, full/half width and character variants folded, and '*' for
any run of characters (as in Moodle). Each accepted answer has a credit
(Moodle's fraction, 0 … 1) and feedback; the best match grades the answer.

In a draft, an accepted answer is its text, or {"text", "fraction",
"feedback"} when it gives less than full credit or has feedback."""

import functools
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.markdown import render_markdown
from quizzes import grading, limits
from quizzes.gift_text import escape
from quizzes.models import AcceptedAnswer
from quizzes.types.base import MAX_TEXT_ANSWER, AnswerError, QuestionType, as_list, over_caps


class AcceptedForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Accepted answer"), required=False, max_length=limits.ACCEPTED)
    fraction = forms.FloatField(label=gettext_lazy("Credit"), required=False, min_value=0, max_value=1,
                                help_text=gettext_lazy("From 0 to 1; blank is full credit."))
    feedback = forms.CharField(label=gettext_lazy("Feedback"), required=False, max_length=limits.FEEDBACK)


def accepted_entry(value) -> dict:
    """An accepted answer of a draft as {"text", "fraction", "feedback"}."""
    if isinstance(value, str):
        return {"text": value, "fraction": 1.0, "feedback": ""}
    return {"text": value.get("text", ""), "fraction": value.get("fraction", 1.0), "feedback": value.get("feedback", "")}


def accepted_value(text: str, fraction: float = 1.0, feedback: str = ""):
    """The draft's form of an accepted answer: plain text when it is full credit without feedback."""
    if fraction == 1 and not feedback:
        return text
    return {"text": text, "fraction": fraction, "feedback": feedback}


def _is_accepted(value) -> bool:
    if isinstance(value, str):
        return True
    return (isinstance(value, dict) and "text" in value and set(value) <= {"text", "fraction", "feedback"}
            and isinstance(value["text"], str) and isinstance(value.get("feedback", ""), str)
            and not isinstance(value.get("fraction", 1.0), bool)
            and isinstance(value.get("fraction", 1.0), int | float) and 0 <= value.get("fraction", 1.0) <= 1)


class ShortAnswer(QuestionType):
    code = "short"
    label = gettext_lazy("short answer")
    position = 7
    prefetch = ("accepted_answers",)
    content_keys = frozenset({"accepted"})
    keeps_defaults = frozenset({"wrong_answers", "incomplete", "present", "refreshed_key", "question_fields", "form_fields", "gift_meta",
                                "translated_parts"})

    part_models = (AcceptedAnswer,)

    def parts(self, question):
        answers = list(question.accepted_answers.all())
        return {"key": {"accepted": [a.text for a in answers], "fractions": [a.fraction for a in answers],
                        "feedback": [render_markdown(a.feedback) if a.feedback else "" for a in answers]}}

    def public(self, snapshot, shown, answer):
        return {"text": (answer or {}).get("text", ""), "maxlength": MAX_TEXT_ANSWER}

    def parse(self, data, prefix, snapshot, shown):
        text = data.get(prefix, "")
        if not isinstance(text, str):
            raise AnswerError(_("Type your answer as text."))
        text = text.strip()
        if not text:
            return None
        if len(text) > MAX_TEXT_ANSWER:
            raise AnswerError(_("Keep your answer under %(n)s characters.") % {"n": MAX_TEXT_ANSWER})
        return {"text": text}

    def form_data(self, snapshot, shown, answer, prefix):
        return {prefix: answer["text"]} if answer else {}

    def grade(self, snapshot, answer):
        return grading.grade_short((answer or {}).get("text", ""), snapshot["key"]["accepted"],
                                   snapshot["key"].get("fractions"))

    def problems(self, snapshot):
        key = snapshot["key"]
        fractions = key.get("fractions") or [1.0] * len(key["accepted"])
        accepted = [f for a, f in zip(key["accepted"], fractions, strict=True) if grading.normalise_text(a)]
        if not accepted:
            return [_("List at least one accepted answer.")]
        if max(accepted) != 1:
            return [_("One accepted answer must give full credit.")]
        return []

    def feedback_html(self, snapshot, answer):
        feedback = snapshot["key"].get("feedback")
        best = grading.best_match((answer or {}).get("text", ""), snapshot["key"]["accepted"],
                                  snapshot["key"].get("fractions"))
        return [feedback[best[0]]] if feedback and best and feedback[best[0]] else []

    def describe(self, snapshot, answer):
        return (answer or {}).get("text", "")

    def describe_key(self, snapshot):
        return " / ".join(snapshot["key"]["accepted"])

    def example_draft(self):
        return {"accepted": ["Tskhinvali", "Tskhinval"]}

    def key_answer(self, snapshot):
        fractions = snapshot["key"].get("fractions") or [1.0] * len(snapshot["key"]["accepted"])
        best = snapshot["key"]["accepted"][fractions.index(max(fractions))]
        return {"text": re.sub(r"(?<!\\)\*", "", best).replace("\\*", "*")}

    def wrong_answer(self, snapshot, rng=None):
        names = ["Moscow", "Sukhumi", "Kyiv", "Batumi"]
        return {"text": rng.choice(names) if rng else names[0]}

    def mistakes(self, snapshot, answer):
        # "Moscow" and "ＭＯＳＣＯＷ " are one mistake, shown as first typed.
        text = answer.get("text", "")
        return [(("text", grading.normalise_text(text)), _("Answered “%(text)s”") % {"text": text.strip() or "?"})]

    def draft_defaults(self):
        return {"accepted": []}

    def draft_from_question(self, question):
        return {"accepted": [accepted_value(a.text, a.fraction, a.feedback) for a in question.accepted_answers.all()]}

    def draft_problems(self, draft):
        accepted = draft.get("accepted")
        if not isinstance(accepted, list) or not all(_is_accepted(a) for a in accepted):
            return [_("The accepted answers must be a list of text, or of objects with text, a fraction from 0 "
                      "to 1 and feedback.")]
        return []

    def length_problems(self, draft):
        checks = []
        for n, value in enumerate(as_list(draft.get("accepted")), start=1):
            if _is_accepted(value):
                entry = accepted_entry(value)
                checks += [(_("Accepted answer %(n)s") % {"n": n}, entry["text"], limits.ACCEPTED),
                           (_("The feedback of accepted answer %(n)s") % {"n": n}, entry["feedback"],
                            limits.FEEDBACK)]
        return over_caps(checks)

    def snapshot_from_draft(self, draft):
        entries = [accepted_entry(a) for a in draft.get("accepted") or []]
        return {"key": {"accepted": [e["text"] for e in entries], "fractions": [e["fraction"] for e in entries]}}

    def part_rows(self, question, draft):
        return [AcceptedAnswer(question=question, **accepted_entry(a)) for a in draft["accepted"]]

    def parts_form(self):
        return AcceptedForm, gettext_lazy("Accepted answers (case, spaces and full/half width are ignored; "
                                          "* stands for any characters)")

    def initial(self, draft):
        return {}, [accepted_entry(a) for a in draft["accepted"]]

    def draft_from_form(self, cleaned, rows):
        return {"accepted": [accepted_value(r["text"].strip(), 1.0 if r.get("fraction") is None else r["fraction"],
                                            (r.get("feedback") or "").strip())
                             for r in rows if r.get("text", "").strip()]}

    def content_parts(self, entry, content, errors):
        accepted = entry.data.get("accepted")
        if not isinstance(accepted, list) or not all(_is_accepted(a) for a in accepted):
            errors.append(entry.error("accepted", "accepted must be a list of strings or of tables with text, "
                                                  "fraction (0 to 1) and feedback"))
            accepted = []
        return {}, {AcceptedAnswer: [accepted_entry(a) for a in accepted]}, {"accepted": accepted}

    translatable_keys = frozenset({"accepted"})

    def content_translation(self, english, variant, content, rows, errors):
        accepted = variant.data.get("accepted")
        if accepted is None:
            return {}
        if not isinstance(accepted, list) or not all(_is_accepted(a) for a in accepted):
            errors.append(variant.error("accepted", "accepted must be a list of the Chinese forms to accept, like "
                                                    "[\"茨欣瓦利\"]"))
            return {}
        # Added to the key: the Chinese forms count in both editions.
        known = {row["text"] for row in rows.get(AcceptedAnswer, [])}
        rows.setdefault(AcceptedAnswer, []).extend(
            entry for entry in (accepted_entry(a) for a in accepted) if entry["text"] not in known)
        return {"accepted": [accepted_entry(a)["text"] for a in accepted]}

    def gift_write(self, draft):
        def one(value):
            entry = accepted_entry(value)
            weight = "" if entry["fraction"] == 1 else f"%{entry['fraction'] * 100:.4f}".rstrip("0").rstrip(".") + "%"
            feedback = f"#{escape(entry['feedback'])}" if entry["feedback"] else ""
            return f"={weight}{escape(entry['text'])}{feedback}"
        return " ".join(one(a) for a in draft["accepted"])

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or block.truefalse or not all(c["marker"] == "=" for c in choices) \
                or any("->" in c["body"] for c in choices):
            return False
        draft["type"] = self.code
        for choice in choices:
            fraction = 1.0 if choice["weight"] is None else choice["weight"] / 100
            if not 0 <= fraction <= 1:
                parsed.warnings.append(_("Answer %(text)r has a weight Casebook cannot keep (%(weight)s%%) and is dropped.") % {
                    "text": choice["text"], "weight": choice["weight"]})
                continue
            draft["accepted"].append(accepted_value(choice["text"], fraction, choice["feedback"]))
        return True

    def admin_inlines(self):
        return [_accepted_inline()]


@functools.cache
def _accepted_inline():
    """The accepted answers in the admin (built when the admin first asks: admin classes need loaded apps)."""
    from django.contrib import admin

    class AcceptedAnswerInline(admin.TabularInline):
        model = AcceptedAnswer
        extra = 0

    return AcceptedAnswerInline
