"""What single choice and multiple response share: options with a correct
flag, feedback and an optional weight (Moodle's fraction, -1 … 1), shown in
a shuffled order under per-attempt tokens. Without weights a question is
graded by Casebook's rules (`grading.grade_single`, `grade_multiple`); with
them by Moodle's (`grading.grade_weighted`)."""

import functools

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.markdown import render_markdown
from quizzes import limits
from quizzes.gift_text import escape
from quizzes.models import Option
from quizzes.types.base import (
    AnswerError, QuestionType, as_list, ids_by_token, is_object_list, new_tokens, over_caps, plain, shuffled, tokens_of,
)


def _weights_key(weights: list[tuple[int, float | None]]) -> dict:
    """{"weights": {position: fraction}} when any option has a weight (a
    missing one counts 0); {} when none has, for the equal-share rule."""
    if all(weight is None for _position, weight in weights):
        return {}
    return {"weights": {str(position): weight or 0.0 for position, weight in weights}}


def option_value(text: str, correct: bool, feedback: str, weight: float | None = None) -> dict:
    """A draft option; "weight" only when it has one (a draft without weights reads as before them)."""
    option = {"text": text, "correct": correct, "feedback": feedback}
    if weight is not None:
        option["weight"] = weight
    return option


def weight_text(weight: float) -> str:
    """A fraction as GIFT's percentage: 0.5 → '50', -0.333333 → '-33.3333'."""
    return f"{weight * 100:.4f}".rstrip("0").rstrip(".")


class OptionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Option"), required=False, max_length=limits.OPTION,
                           widget=forms.Textarea(attrs={"rows": 2}))
    correct = forms.BooleanField(label=gettext_lazy("Correct"), required=False)
    weight = forms.FloatField(
        label=gettext_lazy("Weight"), required=False, min_value=-1, max_value=1,
        help_text=gettext_lazy("Moodle's credit for choosing it, from -1 to 1; leave every weight blank for "
                               "Casebook's equal shares."))
    feedback = forms.CharField(label=gettext_lazy("Feedback if chosen"), required=False, max_length=limits.FEEDBACK,
                               widget=forms.Textarea(attrs={"rows": 1}))


class OneRowRadio(forms.CheckboxInput):
    """A formset row's "correct" as one radio of a group the whole formset
    shares (`<prefix>-correct`), so that exactly one row can be ticked; the
    radio's value names its row."""

    input_type = "radio"

    @staticmethod
    def group(name: str) -> str:
        return f"{name.split('-', 1)[0]}-correct"  # "part-3-correct" → "part-correct"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(name=self.group(name), value=name)
        return context

    def format_value(self, value):
        return None

    def value_from_datadict(self, data, files, name):
        # A row's own "part-N-correct" (the checkbox's name) is still read, for posts made before the radios.
        return data.get(self.group(name)) == name or super().value_from_datadict(data, files, name)


class SingleOptionForm(OptionForm):
    correct = forms.BooleanField(label=gettext_lazy("Correct"), required=False, widget=OneRowRadio)


class ChoiceType(QuestionType):
    prefetch = ("options",)
    keeps_defaults = frozenset({"wrong_answers", "incomplete", "question_fields", "form_fields", "gift_meta"})
    legend = ""

    part_models = (Option,)

    # ---- attempts -------------------------------------------------------------

    def parts(self, question):
        options = list(question.options.all())
        return {
            "options": [{"id": o.position, "html": render_markdown(o.text)} for o in options],
            "key": {
                "correct": [o.position for o in options if o.is_correct],
                "feedback": {str(o.position): render_markdown(o.feedback) for o in options if o.feedback},
                **_weights_key([(o.position, o.weight) for o in options]),
            },
        }

    def _weights(self, snapshot) -> dict[int, float] | None:
        weights = snapshot["key"].get("weights")
        return {int(k): v for k, v in weights.items()} if weights else None

    def _ids(self, snapshot):
        return [o["id"] for o in snapshot["options"]]

    def present(self, snapshot, rng):
        ids = self._ids(snapshot)
        return {"order": shuffled(ids, rng), "tokens": new_tokens(ids)}

    def public(self, snapshot, shown, answer):
        by_id = {o["id"]: o for o in snapshot["options"]}
        tokens = tokens_of(shown, by_id)
        chosen = self._chosen(answer)
        return {"options": [{"id": tokens[str(i)], "html": by_id[i]["html"], "checked": i in chosen}
                            for i in shown.get("order", by_id)]}

    def _option_of(self, raw, snapshot, shown) -> int:
        option = ids_by_token(shown, self._ids(snapshot)).get(str(raw).strip())
        if option is None:
            raise AnswerError(_("That option is not part of this question."))
        return option

    def _chosen(self, answer) -> set[int]:
        raise NotImplementedError

    def describe(self, snapshot, answer):
        by_id = {o["id"]: o["html"] for o in snapshot["options"]}
        return "; ".join(plain(by_id.get(i, "?")) for i in sorted(self._chosen(answer)))

    def describe_key(self, snapshot):
        by_id = {o["id"]: o["html"] for o in snapshot["options"]}
        return "; ".join(plain(by_id[i]) for i in snapshot["key"]["correct"] if i in by_id)

    def feedback_html(self, snapshot, answer):
        feedback = snapshot.get("key", {}).get("feedback", {})
        return [feedback[str(i)] for i in sorted(self._chosen(answer)) if str(i) in feedback]

    def option_text(self, snapshot, option_id) -> str:
        return plain({o["id"]: o["html"] for o in snapshot["options"]}.get(option_id, "?"))

    # ---- reports --------------------------------------------------------------

    def refreshed_key(self, snapshot, fresh):
        if self._ids(fresh) != self._ids(snapshot):
            return None, _("its options have changed")
        return fresh["key"], ""

    # ---- storage --------------------------------------------------------------

    def draft_defaults(self):
        return {"options": []}

    def draft_from_question(self, question):
        return {"options": [option_value(o.text, o.is_correct, o.feedback, o.weight) for o in question.options.all()]}

    def draft_problems(self, draft):
        options = draft.get("options")
        if not is_object_list(options, {"text"}, {"text": str, "correct": bool, "feedback": str,
                                                  "weight": (int, float, type(None))}):
            return [_("The options must be a list of objects with text, correct, feedback and weight.")]
        if any(not -1 <= (o.get("weight") or 0) <= 1 or isinstance(o.get("weight"), bool) for o in options):
            return [_("An option's weight must be a number from -1 to 1.")]
        if any(o.get("correct") and not o["text"].strip() for o in options):
            return [_("A correct option has no text.")]
        return []

    def length_problems(self, draft):
        from quizzes import limits
        checks = []
        for n, option in enumerate(as_list(draft.get("options")), start=1):
            if isinstance(option, dict):
                checks += [(_("Option %(n)s") % {"n": n}, option.get("text"), limits.OPTION),
                           (_("The feedback of option %(n)s") % {"n": n}, option.get("feedback"), limits.FEEDBACK)]
        return over_caps(checks)

    def snapshot_from_draft(self, draft):
        options = draft.get("options") or []
        return {"options": [{"id": i} for i, _o in enumerate(options, start=1)],
                "key": {"correct": [i for i, o in enumerate(options, start=1) if o.get("correct")],
                        **_weights_key([(i, o.get("weight")) for i, o in enumerate(options, start=1)])}}

    def part_rows(self, question, draft):
        return [Option(question=question, position=i, text=o["text"], is_correct=bool(o.get("correct")),
                       feedback=o.get("feedback") or "", weight=o.get("weight"))
                for i, o in enumerate(draft["options"], start=1)]

    # ---- authoring ------------------------------------------------------------

    def parts_form(self):
        return OptionForm, self.legend

    def initial(self, draft):
        return {}, list(draft["options"])

    def draft_from_form(self, cleaned, rows):
        options = [option_value(r["text"].strip(), r["correct"], r["feedback"].strip(), r.get("weight"))
                   for r in rows if r.get("text", "").strip()]
        if any(r.get("correct") and not r.get("text", "").strip() for r in rows):
            options.append(option_value("", True, ""))
        return {"options": options}

    # ---- content files --------------------------------------------------------

    def content_parts(self, entry, content, errors):
        from lessons.content_files import comparable_events, event_sort_key
        from lessons.models import CauseKind

        d, events, causes = entry.data, content.event_by_slug, content.cause_by_slug
        rows = []
        for index, option in enumerate(d.get("option", []), start=1):
            extra = set(option) - {"text", "correct", "feedback", "event", "cause", "weight"}
            if extra:
                errors.append(entry.error("option", f"option {index}: unknown field(s) {', '.join(sorted(extra))}"))
                continue
            row = {"position": index, "text": option.get("text", ""), "is_correct": bool(option.get("correct")),
                   "feedback": option.get("feedback", ""), "event": option.get("event"), "cause": option.get("cause"),
                   "weight": option.get("weight")}
            if row["weight"] is not None and (isinstance(row["weight"], bool)
                                              or not isinstance(row["weight"], int | float)
                                              or not -1 <= row["weight"] <= 1):
                errors.append(entry.error("option", f"option {index}: weight must be a number from -1 to 1"))
                continue
            if row["event"]:
                if row["event"] not in events:
                    errors.append(entry.error("event", f"option {index}: unknown timeline event {row['event']!r}"))
                    continue
                row["text"] = row["text"] or events[row["event"]].data["title"]
            if row["cause"]:
                if row["cause"] not in causes:
                    errors.append(entry.error("cause", f"option {index}: unknown cause {row['cause']!r}"))
                    continue
                row["text"] = row["text"] or causes[row["cause"]].data["title"]
            if not row["text"]:
                errors.append(entry.error("option", f"option {index} has no text"))
            rows.append(row)
        which, cause_kind = d.get("which"), d.get("cause_kind")
        if which:
            dated = [o for o in rows if o["event"]]
            if which not in ("earliest", "latest") or len(dated) != len(rows):
                errors.append(entry.error("which", "'which' needs 'earliest' or 'latest' and an event on every option"))
            else:
                ordered = sorted(dated, key=lambda o: event_sort_key(events[o["event"]]))
                pick = ordered[0] if which == "earliest" else ordered[-1]
                if any(not comparable_events(events[pick["event"]], events[o["event"]]) for o in dated if o is not pick):
                    errors.append(entry.error("which", "two options tie at their dates' precision"))
                for option in rows:
                    option["is_correct"] = option is pick
        if cause_kind:
            if cause_kind not in CauseKind.values:
                errors.append(entry.error("cause_kind", f"unknown cause kind {cause_kind!r}"))
            for option in rows:
                if option["cause"]:
                    option["is_correct"] = causes[option["cause"]].data["kind"] == cause_kind
        draft = {"options": [option_value(o["text"], o["is_correct"], o["feedback"], o["weight"]) for o in rows]}
        return {}, {Option: rows}, draft

    # ---- the Chinese edition -----------------------------------------------------

    translatable_keys = frozenset({"option"})

    def content_translation(self, english, variant, content, rows, errors):
        from lessons.editions import mirror_parts
        parts = mirror_parts(english, variant, "option", lambda o: {k for k in ("text", "feedback") if k in o}, errors)
        options = []
        for part, option in zip(parts, english.data.get("option", []), strict=True):
            text = part.get("text", "")
            for name, kind in (("event", "event"), ("cause", "cause")):
                if not text and option.get(name) and "text" not in option:
                    text = content.zh.get(kind, {}).get(option[name], {}).get("title", "")
            options.append({"text": text, "feedback": part.get("feedback", "")})
        return {"options": options}

    def translated_parts(self, question, snapshot, texts):
        by_id = dict(enumerate(texts.get("options") or [], start=1))
        feedback = snapshot["key"].get("feedback", {})
        return {"options": [{"html": render_markdown(by_id[o["id"]]["text"])} if by_id.get(o["id"], {}).get("text")
                            else {} for o in snapshot["options"]],
                "key": {"feedback": {str(i): render_markdown(t["feedback"]) for i, t in by_id.items()
                                     if t.get("feedback") and str(i) in feedback}}}

    # ---- GIFT -----------------------------------------------------------------

    def _gift_feedback(self, option) -> str:
        return f"#{escape(option['feedback'])}" if option.get("feedback") else ""

    def _gift_options(self, block) -> list[dict]:
        """The block's answers as draft options, with the weights GIFT gave
        (fractions; '=' is 1, a bare '~' is 0)."""
        return [{"text": c["text"], "correct": False, "feedback": c["feedback"],
                 "weight": 1.0 if c["marker"] == "=" else (c["weight"] or 0) / 100} for c in block.choices()]

    # ---- the admin ------------------------------------------------------------

    def admin_inlines(self):
        return [_option_inline()]


@functools.cache
def _option_inline():
    """The options in the admin (built when the admin first asks: admin classes need loaded apps)."""
    from django.contrib import admin

    from core.admin import PositionedInlineFormSet

    class OptionInline(admin.TabularInline):
        model = Option
        formset = PositionedInlineFormSet
        extra = 0
        fields = ("position", "text", "is_correct", "weight", "feedback", "event", "cause")
        autocomplete_fields = ("event", "cause")
        ordering = ("position",)

    return OptionInline
