"""Single choice: one right option among several. Moodle's partial credit
for a wrong option (GIFT's ~%50%) is kept as option weights; the grade is
then the chosen option's weight (`quizzes.grading.grade_weighted`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading
from quizzes.gift_text import escape
from quizzes.types._choice import ChoiceType, SingleOptionForm, weight_text
from quizzes.types.base import tokens_of


class Single(ChoiceType):
    code = "single"
    label = gettext_lazy("single choice")
    position = 1
    content_keys = frozenset({"option", "which", "cause_kind"})
    legend = gettext_lazy("Options — choose the one correct option")

    def parts_form(self):
        return SingleOptionForm, self.legend

    def _chosen(self, answer):
        return {answer["option"]} if answer else set()

    def parse(self, data, prefix, snapshot, shown):
        raw = data.get(prefix, "")
        if raw in ("", None):
            return None
        return {"option": self._option_of(raw, snapshot, shown)}

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        return {prefix: tokens_of(shown, self._ids(snapshot))[str(answer["option"])]}

    def grade(self, snapshot, answer):
        weights = self._weights(snapshot)
        if weights is not None:
            return grading.grade_weighted(self._chosen(answer), weights)
        correct = snapshot["key"]["correct"]
        return grading.grade_single(answer["option"] if answer else None, correct[0] if correct else -1)

    def problems(self, snapshot):
        if len(snapshot["options"]) < 2:
            return [_("A single-choice question needs at least two options.")]
        if len(snapshot["key"]["correct"]) != 1:
            return [_("Mark exactly one option as correct.")]
        weights = self._weights(snapshot)
        if weights and (weights[snapshot["key"]["correct"][0]] != 1
                        or any(w >= 1 for o, w in weights.items() if o not in snapshot["key"]["correct"])):
            return [_("The correct option's weight must be 1 and every other option's less.")]
        return []

    def example_draft(self):
        return {"options": [{"text": "Security", "correct": True, "feedback": "Yes: survival first."},
                            {"text": "Glory", "correct": False, "feedback": ""},
                            {"text": "Wealth", "correct": False, "feedback": ""}]}

    def key_answer(self, snapshot):
        return {"option": snapshot["key"]["correct"][0]}

    def wrong_answer(self, snapshot, rng=None):
        wrong = [i for i in self._ids(snapshot) if i not in snapshot["key"]["correct"]]
        return {"option": (rng.choice(wrong) if rng else wrong[-1]) if wrong else self._ids(snapshot)[-1]}

    def mistakes(self, snapshot, answer):
        return [(("chose", answer["option"]),
                 _("Chose “%(option)s”") % {"option": self.option_text(snapshot, answer["option"])})]

    def gift_write(self, draft):
        def marker(option):
            if option["correct"]:
                return "="
            return f"~%{weight_text(option['weight'])}%" if option.get("weight") else "~"
        return " ".join(marker(o) + escape(o["text"]) + self._gift_feedback(o) for o in draft["options"])

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or block.truefalse or not any(c["marker"] == "=" for c in choices) \
                or all(c["marker"] == "=" for c in choices):
            return False
        right = [c for c in choices if c["marker"] == "="]
        if len(right) > 1:
            parsed.errors.append(_("A multiple-choice question may have only one '=' answer."))
        options = self._gift_options(block)
        for option, choice in zip(options, choices, strict=True):
            option["correct"] = choice["marker"] == "="
        if all(o["weight"] in (0, 1) for o in options):  # no partial credit: Casebook's own rule
            for option in options:
                del option["weight"]
        draft.update(type=self.code, options=options)
        return True
