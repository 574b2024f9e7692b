"""Multiple response: tick every option that applies. Partial credit by
`quizzes.grading.grade_multiple` (equal shares), or, when the options have
weights (Moodle's fractions, as GIFT's ~%50% gives them), by Moodle's rule
`quizzes.grading.grade_weighted`: the chosen weights summed, clipped to 0 … 1."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading
from quizzes.gift_text import escape
from quizzes.types._choice import ChoiceType, weight_text
from quizzes.types.base import AnswerError, tokens_of


class Multiple(ChoiceType):
    code = "multiple"
    label = gettext_lazy("multiple response")
    position = 2
    content_keys = frozenset({"option", "cause_kind"})
    legend = gettext_lazy("Options — tick every correct option")

    def _chosen(self, answer):
        return set(answer["options"]) if answer else set()

    def parse(self, data, prefix, snapshot, shown):
        values = data.getlist(prefix) if hasattr(data, "getlist") else data.get(prefix, [])
        if not values:
            return None
        if len(values) > len(snapshot["options"]):
            raise AnswerError(_("Too many options were sent."))
        return {"options": sorted({self._option_of(v, snapshot, shown) for v in values})}

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        tokens = tokens_of(shown, self._ids(snapshot))
        return {prefix: [tokens[str(i)] for i in answer["options"]]}

    def grade(self, snapshot, answer):
        weights = self._weights(snapshot)
        if weights is not None:
            return grading.grade_weighted(self._chosen(answer), weights)
        return grading.grade_multiple(self._chosen(answer), set(snapshot["key"]["correct"]))

    def problems(self, snapshot):
        if len(snapshot["options"]) < 2:
            return [_("A multiple-response question needs at least two options.")]
        if not snapshot["key"]["correct"]:
            return [_("Mark at least one option as correct.")]
        weights, correct = self._weights(snapshot), set(snapshot["key"]["correct"])
        if weights and (any(weights[o] <= 0 for o in correct)
                        or any(w > 0 for o, w in weights.items() if o not in correct)):
            return [_("A correct option needs a positive weight, and a wrong one zero or a negative weight.")]
        return []

    def example_draft(self):
        return {"options": [{"text": "Separatism", "correct": True, "feedback": ""},
                            {"text": "The NATO bid", "correct": True, "feedback": ""},
                            {"text": "The Olympic Games", "correct": False, "feedback": "A coincidence of dates."}]}

    def key_answer(self, snapshot):
        return {"options": sorted(snapshot["key"]["correct"])}

    def wrong_answer(self, snapshot, rng=None):
        ids = self._ids(snapshot)
        if rng is None:  # every option ticked
            return {"options": sorted(ids)}
        return {"options": sorted(rng.sample(ids, max(1, len(ids) // 2)))}

    def mistakes(self, snapshot, answer):
        chosen, correct = set(answer["options"]), set(snapshot["key"].get("correct", []))
        found = [(("ticked", o), _("Ticked “%(option)s” (wrong)") % {"option": self.option_text(snapshot, o)})
                 for o in sorted(chosen - correct)]
        found += [(("missed", o), _("Left out “%(option)s”") % {"option": self.option_text(snapshot, o)})
                  for o in sorted(correct - chosen)]
        return found

    def gift_write(self, draft):
        options = draft["options"]
        if all(o.get("weight") is None for o in options):  # equal shares, which Moodle's rule grades alike
            right = sum(1 for o in options if o["correct"]) or 1
            weights = [(1 if o["correct"] else -1) / right for o in options]
        else:
            weights = [o.get("weight") or 0.0 for o in options]
        return " ".join(("~" if not weight else f"~%{weight_text(weight)}%") + escape(o["text"])
                        + self._gift_feedback(o) for o, weight in zip(options, weights, strict=True))

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or block.truefalse or any(c["marker"] == "=" for c in choices):
            return False
        options = self._gift_options(block)
        for option in options:
            option["correct"] = option["weight"] > 0
        if not any(o["correct"] for o in options):
            parsed.errors.append(_("No right answer: mark one with '=' or give weights like ~%50%."))
        right = sum(1 for o in options if o["correct"]) or 1
        if all(abs(o["weight"] - (1 if o["correct"] else -1) / right) < 1e-4 for o in options):
            # Equal shares with equal penalties: Casebook's own rule gives the same grades.
            for option in options:
                del option["weight"]
        draft.update(type=self.code, options=options)
        return True
