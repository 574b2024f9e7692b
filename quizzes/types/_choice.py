"""What single choice and multiple response share: options with a correct
flag and feedback, shown in a shuffled order under per-attempt tokens."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.markdown import render_markdown
from quizzes import limits
from quizzes.gift_text import escape
from quizzes.types.base import (
    AnswerError, QuestionType, as_list, ids_by_token, is_object_list, new_tokens, over_caps, plain, shuffled, tokens_of,
)

class OptionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Option"), required=False, max_length=limits.OPTION,
                           widget=forms.Textarea(attrs={"rows": 2}))
    correct = forms.BooleanField(label=gettext_lazy("Correct"), required=False)
    feedback = forms.CharField(label=gettext_lazy("Feedback if chosen"), required=False, max_length=limits.FEEDBACK,
                               widget=forms.Textarea(attrs={"rows": 1}))


class ChoiceType(QuestionType):
    prefetch = ("options",)
    keeps_defaults = frozenset({"question_fields", "form_fields", "gift_meta"})
    legend = ""

    @property
    def part_models(self):
        from quizzes.models import Option
        return (Option,)

    # ---- attempts -------------------------------------------------------------

    def parts(self, question):
        options = list(question.options.all())
        return {
            "options": [{"id": o.position, "html": render_markdown(o.text)} for o in options],
            "key": {
                "correct": [o.position for o in options if o.is_correct],
                "feedback": {str(o.position): render_markdown(o.feedback) for o in options if o.feedback},
            },
        }

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
        return {"options": [{"text": o.text, "correct": o.is_correct, "feedback": o.feedback}
                            for o in question.options.all()]}

    def draft_problems(self, draft):
        options = draft.get("options")
        if not is_object_list(options, {"text"}, {"text": str, "correct": bool, "feedback": str}):
            return [_("The options must be a list of objects with text, correct and feedback.")]
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
                "key": {"correct": [i for i, o in enumerate(options, start=1) if o.get("correct")]}}

    def part_rows(self, question, draft):
        from quizzes.models import Option
        return [Option(question=question, position=i, text=o["text"], is_correct=bool(o.get("correct")),
                       feedback=o.get("feedback") or "") for i, o in enumerate(draft["options"], start=1)]

    # ---- authoring ------------------------------------------------------------

    def parts_form(self):
        return OptionForm, self.legend

    def initial(self, draft):
        return {}, list(draft["options"])

    def draft_from_form(self, cleaned, rows):
        options = [{"text": r["text"].strip(), "correct": r["correct"], "feedback": r["feedback"].strip()}
                   for r in rows if r.get("text", "").strip()]
        if any(r.get("correct") and not r.get("text", "").strip() for r in rows):
            options.append({"text": "", "correct": True, "feedback": ""})
        return {"options": options}

    # ---- content files --------------------------------------------------------

    def content_parts(self, entry, content, errors):
        from lessons.content_files import comparable_events, event_sort_key
        from lessons.models import CauseKind
        from quizzes.models import Option

        d, events, causes = entry.data, content.event_by_slug, content.cause_by_slug
        rows = []
        for index, option in enumerate(d.get("option", []), start=1):
            extra = set(option) - {"text", "correct", "feedback", "event", "cause"}
            if extra:
                errors.append(entry.error("option", f"option {index}: unknown field(s) {', '.join(sorted(extra))}"))
                continue
            row = {"position": index, "text": option.get("text", ""), "is_correct": bool(option.get("correct")),
                   "feedback": option.get("feedback", ""), "event": option.get("event"), "cause": option.get("cause")}
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
        draft = {"options": [{"text": o["text"], "correct": o["is_correct"], "feedback": o["feedback"]} for o in rows]}
        return {}, {Option: rows}, draft

    # ---- GIFT -----------------------------------------------------------------

    def _gift_feedback(self, option) -> str:
        return f"#{escape(option['feedback'])}" if option.get("feedback") else ""

    # ---- the admin ------------------------------------------------------------

    def admin_inlines(self):
        from quizzes.admin import OptionInline
        return [OptionInline]
