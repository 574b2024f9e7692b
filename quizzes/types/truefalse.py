"""True / false: a statement and whether it holds, with Moodle's two
feedback texts: one for a student who answers True, one for False
(`Question.true_feedback`, `false_feedback`; GIFT's {TRUE#wrong#right})."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.markdown import render_markdown
from quizzes import grading, limits
from quizzes.gift_text import escape
from quizzes.types.base import AnswerError, QuestionType, over_caps


class TrueFalse(QuestionType):
    code = "truefalse"
    label = gettext_lazy("true / false")
    position = 3
    content_keys = frozenset({"answer"})
    keeps_defaults = frozenset({"wrong_answers", "content_translation", "translated_parts", "incomplete", "present", "mistakes", "refreshed_key", "part_rows", "parts_form", "gift_meta",
                                "admin_inlines"})

    def parts(self, question):
        return {"key": {"answer": question.true_false_answer,
                        "feedback": {"true": render_markdown(question.true_feedback),
                                     "false": render_markdown(question.false_feedback)}}}

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

    def feedback_html(self, snapshot, answer):
        if answer is None:
            return []
        text = snapshot["key"].get("feedback", {}).get("true" if answer["value"] else "false")
        return [text] if text else []

    def describe_key(self, snapshot):
        return _("True") if snapshot["key"]["answer"] else _("False")

    def example_draft(self):
        return {"answer": True}

    def key_answer(self, snapshot):
        return {"value": snapshot["key"]["answer"]}

    def wrong_answer(self, snapshot, rng=None):
        return {"value": not snapshot["key"]["answer"]}

    def draft_defaults(self):
        return {"answer": None, "true_feedback": "", "false_feedback": ""}

    def draft_from_question(self, question):
        return {"answer": question.true_false_answer, "true_feedback": question.true_feedback,
                "false_feedback": question.false_feedback}

    def draft_problems(self, draft):
        if not all(isinstance(draft.get(name, ""), str) for name in ("true_feedback", "false_feedback")):
            return [_("The true/false feedback must be text.")]
        answer = draft.get("answer")  # "" is the question form's "not chosen yet"
        if answer is None or answer == "" or isinstance(answer, bool):
            return []
        return [_("The true/false answer must be true or false.")]

    def length_problems(self, draft):
        return over_caps([(_("The feedback for True"), draft.get("true_feedback"), limits.FEEDBACK),
                          (_("The feedback for False"), draft.get("false_feedback"), limits.FEEDBACK)])

    def snapshot_from_draft(self, draft):
        return {"key": {"answer": draft.get("answer")}}

    def question_fields(self, draft):
        return {"true_false_answer": draft.get("answer"), "true_feedback": draft.get("true_feedback") or "",
                "false_feedback": draft.get("false_feedback") or ""}

    def form_fields(self):
        return {"answer": forms.TypedChoiceField(
            label=gettext_lazy("The statement is"), required=False, coerce=lambda v: v == "true",
            choices=[("true", gettext_lazy("True")), ("false", gettext_lazy("False"))], widget=forms.RadioSelect),
            "true_feedback": forms.CharField(label=gettext_lazy("Feedback for the answer True"), required=False,
                                             max_length=limits.FEEDBACK, widget=forms.Textarea(attrs={"rows": 1})),
            "false_feedback": forms.CharField(label=gettext_lazy("Feedback for the answer False"), required=False,
                                              max_length=limits.FEEDBACK, widget=forms.Textarea(attrs={"rows": 1}))}

    def initial(self, draft):
        return {"answer": {True: "true", False: "false"}.get(draft["answer"]),
                "true_feedback": draft.get("true_feedback", ""), "false_feedback": draft.get("false_feedback", "")}, []

    def draft_from_form(self, cleaned, rows):
        return {"answer": cleaned.get("answer"), "true_feedback": (cleaned.get("true_feedback") or "").strip(),
                "false_feedback": (cleaned.get("false_feedback") or "").strip()}

    def content_parts(self, entry, content, errors):
        answer = entry.data.get("answer")
        if not isinstance(answer, bool):
            errors.append(entry.error("answer", "a truefalse question needs answer = true or false"))
        return {"true_false_answer": answer}, {}, {"answer": answer}

    def gift_write(self, draft):
        # As Moodle writes it: {TRUE#feedback if wrong#feedback if right}.
        right, wrong = (draft.get("true_feedback"), draft.get("false_feedback")) if draft["answer"] else \
            (draft.get("false_feedback"), draft.get("true_feedback"))
        text = "TRUE" if draft["answer"] else "FALSE"
        if wrong or right:
            text += f"#{escape(wrong or '')}"
        if right:
            text += f"#{escape(right)}"
        return text

    def gift_read(self, block, parsed, draft):
        if not block.truefalse:
            return False
        answer = block.truefalse == "true"
        wrong, right = (block.truefalse_feedback + ["", ""])[:2]
        draft.update(type=self.code, answer=answer, true_feedback=right if answer else wrong,
                     false_feedback=wrong if answer else right)
        return True
