"""Short answer: a word or a name, matched against accepted answers with
case, spacing, full/half width and character variants folded."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading, limits
from quizzes.gift_text import escape
from quizzes.types.base import MAX_TEXT_ANSWER, AnswerError, QuestionType, as_list, is_text_list, over_caps


class AcceptedForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Accepted answer"), required=False, max_length=limits.ACCEPTED)


class ShortAnswer(QuestionType):
    code = "short"
    label = gettext_lazy("short answer")
    position = 7
    prefetch = ("accepted_answers",)
    content_keys = frozenset({"accepted"})
    keeps_defaults = frozenset({"present", "feedback_html", "refreshed_key", "question_fields", "form_fields",
                                "gift_meta"})

    @property
    def part_models(self):
        from quizzes.models import AcceptedAnswer
        return (AcceptedAnswer,)

    def parts(self, question):
        return {"key": {"accepted": [a.text for a in question.accepted_answers.all()]}}

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
        return grading.grade_short((answer or {}).get("text", ""), snapshot["key"]["accepted"])

    def problems(self, snapshot):
        accepted = [a for a in snapshot["key"]["accepted"] if grading.normalise_text(a)]
        return [] if accepted else [_("List at least one accepted answer.")]

    def describe(self, snapshot, answer):
        return (answer or {}).get("text", "")

    def describe_key(self, snapshot):
        return " / ".join(snapshot["key"]["accepted"])

    def example_draft(self):
        return {"accepted": ["Tskhinvali", "Tskhinval"]}

    def key_answer(self, snapshot):
        return {"text": snapshot["key"]["accepted"][0]}

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
        return {"accepted": [a.text for a in question.accepted_answers.all()]}

    def draft_problems(self, draft):
        if not is_text_list(draft.get("accepted")):
            return [_("The accepted answers must be a list of text.")]
        return []

    def length_problems(self, draft):
        return over_caps((_("Accepted answer %(n)s") % {"n": n}, text, limits.ACCEPTED)
                         for n, text in enumerate(as_list(draft.get("accepted")), start=1))

    def snapshot_from_draft(self, draft):
        return {"key": {"accepted": draft.get("accepted") or []}}

    def part_rows(self, question, draft):
        from quizzes.models import AcceptedAnswer
        return [AcceptedAnswer(question=question, text=a) for a in draft["accepted"]]

    def parts_form(self):
        return AcceptedForm, gettext_lazy("Accepted answers (case, spaces and full/half width are ignored)")

    def initial(self, draft):
        return {}, [{"text": text} for text in draft["accepted"]]

    def draft_from_form(self, cleaned, rows):
        return {"accepted": [r["text"].strip() for r in rows if r.get("text", "").strip()]}

    def content_parts(self, entry, content, errors):
        from quizzes.models import AcceptedAnswer
        accepted = entry.data.get("accepted")
        if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
            errors.append(entry.error("accepted", "accepted must be a list of strings"))
            accepted = []
        return {}, {AcceptedAnswer: [{"text": a} for a in accepted]}, {"accepted": accepted}

    def gift_write(self, draft):
        return " ".join("=" + escape(a) for a in draft["accepted"])

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or block.truefalse or not all(c["marker"] == "=" for c in choices) \
                or any("->" in c["body"] for c in choices):
            return False
        draft["type"] = self.code
        for choice in choices:
            if choice["weight"] is not None and choice["weight"] < 100:
                parsed.warnings.append(_("Partial-credit answer %(text)r is not kept.") % {"text": choice["text"]})
                continue
            draft["accepted"].append(choice["text"])
        return True

    def admin_inlines(self):
        from quizzes.admin import AcceptedAnswerInline
        return [AcceptedAnswerInline]
