"""Chronology: put events in order. Partial credit per adjacent pair
(`quizzes.grading.grade_ordering`). The order it arrives in is no answer
until the student changes it or ticks "This order is my answer"."""

import functools
import random

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading, limits
from quizzes.models import OrderingItem
from quizzes.types.base import (
    AnswerError, QuestionType, as_list, ids_by_token, is_text_list, new_tokens, over_caps, shuffled, to_int, tokens_of,
)

MIN_ITEMS, MAX_ITEMS = 3, 6


class ItemForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Event"), required=False, max_length=limits.ITEM)


def apply_move(order: list[int], move: str, by_token: dict[str, int]) -> list[int]:
    """Apply a 'TOKEN:up' / 'TOKEN:down' button press (the no-JavaScript reorder)."""
    token, _sep, direction = move.partition(":")
    item_id = by_token.get(token)
    if item_id not in order or direction not in ("up", "down"):
        raise AnswerError(_("Unknown move."))
    index = order.index(item_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order = list(order)
        order[index], order[target] = order[target], order[index]
    return order


class Ordering(QuestionType):
    code = "ordering"
    label = gettext_lazy("chronology (ordering)")
    position = 4
    prefetch = ("ordering_items",)
    content_keys = frozenset({"events", "items"})
    # GIFT has no ordering question: JSON carries it.
    keeps_defaults = frozenset({"wrong_answers", "incomplete", "feedback_html", "question_fields", "form_fields", "gift_write", "gift_meta",
                                "gift_read"})

    part_models = (OrderingItem,)

    def parts(self, question):
        items = list(question.ordering_items.all())
        # Internal ids, never shown (the page carries per-attempt tokens); made
        # as the first attempts made them, so old and new responses agree.
        ids = random.Random(question.pk).sample(range(10, 100), len(items))
        return {
            "items": [{"id": i, "text": item.text} for i, item in zip(ids, items, strict=True)],
            "key": {"order": ids},
        }

    def _ids(self, snapshot):
        return [item["id"] for item in snapshot["items"]]

    def present(self, snapshot, rng):
        # A uniform shuffle, which may even start in the right order: the
        # starting order counts for nothing until the student confirms it.
        ids = self._ids(snapshot)
        return {"order": shuffled(ids, rng), "tokens": new_tokens(ids)}

    def public(self, snapshot, shown, answer):
        by_id = {item["id"]: item for item in snapshot["items"]}
        tokens = tokens_of(shown, by_id)
        order = answer["order"] if answer else shown["order"]
        return {"items": [{"id": tokens[str(i)], "text": by_id[i]["text"]} for i in order],
                "count": len(order), "confirmed": answer is not None}

    def parse(self, data, prefix, snapshot, shown):
        ids = self._ids(snapshot)
        tokens = tokens_of(shown, ids)
        ranks = {}
        for item_id in ids:
            raw = data.get(f"{prefix}-rank-{tokens[str(item_id)]}", "")
            if raw in ("", None):
                return None
            ranks[item_id] = to_int(raw, _("Give every event a position."))
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise AnswerError(_("Give each event a different position, from 1 to %(n)s.") % {"n": len(ids)})
        order = sorted(ids, key=ranks.get)
        move = data.get(f"{prefix}-move", "")
        if move:
            order = apply_move(order, move, ids_by_token(shown, ids))
        if order == shown.get("order") and data.get(f"{prefix}-confirm") != "1":
            return None  # untouched: the order it arrived in is not an answer
        return {"order": order}

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        tokens = tokens_of(shown, self._ids(snapshot))
        data = {f"{prefix}-rank-{tokens[str(i)]}": str(rank) for rank, i in enumerate(answer["order"], start=1)}
        data[f"{prefix}-confirm"] = "1"
        return data

    def grade(self, snapshot, answer):
        if not answer:
            return 0.0
        return grading.grade_ordering(answer["order"], snapshot["key"]["order"])

    def problems(self, snapshot):
        n = len(snapshot["items"])
        return [] if 2 <= n <= 8 else [_("An ordering question needs between two and eight items.")]

    def _texts(self, snapshot):
        return {item["id"]: item["text"] for item in snapshot["items"]}

    def describe(self, snapshot, answer):
        by_id = self._texts(snapshot)
        return " → ".join(by_id.get(i, "?") for i in answer["order"]) if answer else ""

    def describe_key(self, snapshot):
        by_id = self._texts(snapshot)
        return " → ".join(by_id[i] for i in snapshot["key"]["order"])

    def example_draft(self):
        return {"items": ["Rose Revolution", "Bucharest summit", "August war"]}

    def key_answer(self, snapshot):
        return {"order": list(snapshot["key"]["order"])}

    def wrong_answer(self, snapshot, rng=None):
        order = list(snapshot["key"]["order"])
        i = rng.randrange(len(order) - 1) if rng else 0  # two neighbours swapped
        order[i], order[i + 1] = order[i + 1], order[i]
        return {"order": order}

    def mistakes(self, snapshot, answer):
        texts = self._texts(snapshot)
        place = {item: index for index, item in enumerate(answer["order"])}
        order = snapshot["key"].get("order", [])
        return [(("swapped", first, second), _("Put “%(later)s” before “%(earlier)s”") % {
                    "later": texts.get(second, "?"), "earlier": texts.get(first, "?")})
                for i, first in enumerate(order) for second in order[i + 1:]
                if first in place and second in place and place[first] > place[second]]

    def refreshed_key(self, snapshot, fresh):
        # Item ids come from the question's id and item count, not from the
        # items: after a reorder the same ids name other events. Match by text.
        old_ids = {item["text"]: item["id"] for item in snapshot["items"]}
        new_texts = self._texts(fresh)
        if len(old_ids) != len(snapshot["items"]) or sorted(old_ids) != sorted(new_texts.values()):
            return None, _("its events have changed")
        return {"order": [old_ids[new_texts[i]] for i in fresh["key"]["order"]]}, ""

    def draft_defaults(self):
        return {"items": []}

    def draft_from_question(self, question):
        return {"items": [i.text for i in question.ordering_items.all()]}

    def draft_problems(self, draft):
        items = draft.get("items")
        if not is_text_list(items):
            return [_("The events must be a list of text.")]
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            return [_("An ordering question needs 3 to 6 events.")]
        return []

    def length_problems(self, draft):
        return over_caps((_("Event %(n)s") % {"n": n}, item, limits.ITEM)
                         for n, item in enumerate(as_list(draft.get("items")), start=1))

    def snapshot_from_draft(self, draft):
        return {"items": [{"id": i} for i, _t in enumerate(draft.get("items") or [], start=1)], "key": {}}

    def part_rows(self, question, draft):
        return [OrderingItem(question=question, position=i, text=text) for i, text in enumerate(draft["items"], start=1)]

    def parts_form(self):
        return ItemForm, gettext_lazy("Events, in the correct order (earliest first)")

    def initial(self, draft):
        return {}, [{"text": text} for text in draft["items"]]

    def draft_from_form(self, cleaned, rows):
        return {"items": [r["text"].strip() for r in rows if r.get("text", "").strip()]}

    def content_parts(self, entry, content, errors):
        from lessons.content_files import comparable_events, event_sort_key

        d, events, before = entry.data, content.event_by_slug, len(errors)
        if "events" in d:
            missing = [slug for slug in d["events"] if slug not in events]
            rows = []
            if missing:
                errors.append(entry.error("events", f"unknown timeline event(s): {', '.join(missing)}"))
            else:
                chosen = sorted((events[s] for s in d["events"]), key=event_sort_key)
                for first, second in zip(chosen, chosen[1:], strict=False):
                    if not comparable_events(first, second):
                        errors.append(entry.error("events", f"events {first.data['slug']!r} and "
                                                            f"{second.data['slug']!r} tie at their precision"))
                rows = [{"position": i, "text": e.data["title"], "event": e.data["slug"]}
                        for i, e in enumerate(chosen, start=1)]
        else:
            rows = [{"position": i, "text": text, "event": None} for i, text in enumerate(d.get("items", []), start=1)]
        if not MIN_ITEMS <= len(rows) <= MAX_ITEMS and len(errors) == before:
            errors.append(entry.error("events" if "events" in d else "items", "an ordering question needs 3 to 6 items"))
        return {}, {OrderingItem: rows}, {"items": [r["text"] for r in rows]}

    translatable_keys = frozenset({"items"})

    def content_translation(self, english, variant, content, rows, errors):
        from lessons.content_files import event_sort_key
        if "events" in english.data:
            if "items" in variant.data:
                errors.append(variant.error("items", "the English names timeline events: their titles come from the "
                                                     "timeline's translation, so give no items here"))
            events = content.event_by_slug
            if any(slug not in events for slug in english.data["events"]):
                return {}
            chosen = sorted((events[s] for s in english.data["events"]), key=event_sort_key)
            return {"items": [content.zh.get("event", {}).get(e.data["slug"], {}).get("title", "") for e in chosen]}
        items, english_items = variant.data.get("items"), english.data.get("items", [])
        if items is None:
            return {}
        if not isinstance(items, list) or len(items) != len(english_items) or not all(isinstance(i, str) for i in items):
            errors.append(variant.error("items", f"items must be {len(english_items)} texts, in the English order"))
            return {}
        return {"items": [i.strip() for i in items]}

    def translated_parts(self, question, snapshot, texts):
        items = texts.get("items") or []
        return {"items": [{"text": text} if text else {} for text in items[:len(snapshot["items"])]]}

    def admin_inlines(self):
        return [_item_inline()]


@functools.cache
def _item_inline():
    """The events in the admin (built when the admin first asks: admin classes need loaded apps)."""
    from django.contrib import admin

    from core.admin import PositionedInlineFormSet

    class OrderingItemInline(admin.TabularInline):
        model = OrderingItem
        formset = PositionedInlineFormSet
        extra = 0
        fields = ("position", "text", "event")
        autocomplete_fields = ("event",)
        ordering = ("position",)
        verbose_name_plural = gettext_lazy("events to put in order (position = correct place)")

    return OrderingItemInline
