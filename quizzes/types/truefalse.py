"""True / false: a statement and whether it holds."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading
from quizzes.types.base import AnswerError, QuestionType


class TrueFalse(QuestionType):
    code = "truefalse"
    label = gettext_lazy("true / false")
    position = 3
    content_keys = frozenset({"answer"})
    keeps_defaults = frozenset({"present", "feedback_html", "mistakes", "refreshed_key", "length_problems",
                                "part_rows", "parts_form", "gift_meta", "admin_inlines"})

    def parts(self, question):
        return {"key": {"answer": question.true_false_answer}}

    def public(self, snapshot, shown, answer):
        return {"value": answer["value"] if answer else None}

    def parse(self, data, prefix, snapshot, shown):
        raw = data.get(prefix, "")
        if raw in ("", None):
            return None
        if raw not in ("true", "false"):
            raise AnswerError(_("Answer true or false."))
        return {"value": raw == "true"}

    def form_data(self, snapshot, shown, answer, prefix):
        return {prefix: "true" if answer["value"] else "false"} if answer else {}

    def grade(self, snapshot, answer):
        return grading.grade_true_false(answer["value"] if answer else None, snapshot["key"]["answer"])

    def problems(self, snapshot):
        return [] if snapshot["key"]["answer"] in (True, False) else [_("Choose whether the statement is true or false.")]

    def describe(self, snapshot, answer):
        return "" if answer is None else (_("True") if answer["value"] else _("False"))

    def describe_key(self, snapshot):
        return _("True") if snapshot["key"]["answer"] else _("False")

    def example_draft(self):
        return {"answer": True}

    def key_answer(self, snapshot):
        return {"value": snapshot["key"]["answer"]}

    def wrong_answer(self, snapshot, rng=None):
        return {"value": not snapshot["key"]["answer"]}

    def draft_defaults(self):
        return {"answer": None}

    def draft_from_question(self, question):
        return {"answer": question.true_false_answer}

    def draft_problems(self, draft):
        answer = draft.get("answer")  # "" is the question form's "not chosen yet"
        if answer is None or answer == "" or isinstance(answer, bool):
            return []
        return [_("The true/false answer must be true or false.")]

    def snapshot_from_draft(self, draft):
        return {"key": {"answer": draft.get("answer")}}

    def question_fields(self, draft):
        return {"true_false_answer": draft.get("answer")}

    def form_fields(self):
        return {"answer": forms.TypedChoiceField(
            label=gettext_lazy("The statement is"), required=False, coerce=lambda v: v == "true",
            choices=[("true", gettext_lazy("True")), ("false", gettext_lazy("False"))], widget=forms.RadioSelect)}

    def initial(self, draft):
        return {"answer": {True: "true", False: "false"}.get(draft["answer"])}, []

    def draft_from_form(self, cleaned, rows):
        return {"answer": cleaned.get("answer")}

    def content_parts(self, entry, content, errors):
        answer = entry.data.get("answer")
        if not isinstance(answer, bool):
            errors.append(entry.error("answer", "a truefalse question needs answer = true or false"))
        return {"true_false_answer": answer}, {}, {"answer": answer}

    def gift_write(self, draft):
        return "TRUE" if draft["answer"] else "FALSE"

    def gift_read(self, block, parsed, draft):
        if not block.truefalse:
            return False
        draft.update(type=self.code, answer=block.truefalse == "true")
        if block.truefalse_feedback:
            parsed.warnings.append(_("True/false feedback is not kept; put it in the general feedback."))
        return True
