"""Multiple response: tick every option that applies; partial credit by
`quizzes.grading.grade_multiple`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading
from quizzes.gift_text import escape
from quizzes.types._choice import ChoiceType
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
        return grading.grade_multiple(self._chosen(answer), set(snapshot["key"]["correct"]))

    def problems(self, snapshot):
        if len(snapshot["options"]) < 2:
            return [_("A multiple-response question needs at least two options.")]
        if not snapshot["key"]["correct"]:
            return [_("Mark at least one option as correct.")]
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
        right = sum(1 for o in draft["options"] if o["correct"]) or 1
        share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
        return " ".join(f"~%{share if o['correct'] else '-' + share}%" + escape(o["text"]) + self._gift_feedback(o)
                        for o in draft["options"])

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or block.truefalse or any(c["marker"] == "=" for c in choices):
            return False
        if not any(c["weight"] and c["weight"] > 0 for c in choices):
            parsed.errors.append(_("No right answer: mark one with '=' or give weights like ~%50%."))
        draft.update(type=self.code, options=[{"text": c["text"], "correct": bool(c["weight"]) and c["weight"] > 0,
                                               "feedback": c["feedback"]} for c in choices])
        return True
