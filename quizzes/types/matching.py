"""Matching: put each item in its category (distant/proximate causes;
interest, motive or factor). Equal credit per item. A pair with a category
and no item is a distractor: an extra category offered that no item belongs
to (Moodle's `= -> category`)."""

import functools

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import grading, limits
from quizzes.gift_text import escape
from quizzes.models import MatchPair
from quizzes.types.base import AnswerError, QuestionType, as_list, is_object_list, new_tokens, over_caps, shuffled, tokens_of


class PairForm(forms.Form):
    item = forms.CharField(label=gettext_lazy("Item"), required=False, max_length=limits.PAIR_ITEM)
    category = forms.CharField(label=gettext_lazy("Category"), required=False, max_length=limits.CATEGORY)


class Matching(QuestionType):
    code = "matching"
    label = gettext_lazy("matching")
    position = 6
    prefetch = ("match_pairs",)
    content_keys = frozenset({"pair"})
    keeps_defaults = frozenset({"wrong_answers", "incomplete", "feedback_html", "question_fields", "form_fields", "gift_meta"})

    part_models = (MatchPair,)

    def parts(self, question):
        pairs = list(question.match_pairs.all())
        categories = sorted({p.category for p in pairs})
        return {
            "items": [{"id": p.position, "text": p.item} for p in pairs if p.item],
            "categories": categories,
            "key": {"category_of": {str(p.position): categories.index(p.category) for p in pairs if p.item}},
        }

    def _ids(self, snapshot):
        return [item["id"] for item in snapshot["items"]]

    def present(self, snapshot, rng):
        ids, categories = self._ids(snapshot), list(range(len(snapshot["categories"])))
        return {"order": shuffled(ids, rng), "tokens": new_tokens(ids),
                "categories": shuffled(categories, rng), "category_tokens": new_tokens(categories)}

    def _category_tokens(self, snapshot, shown):
        return tokens_of(shown, range(len(snapshot["categories"])), "category_tokens")

    def public(self, snapshot, shown, answer):
        by_id = {i["id"]: i for i in snapshot["items"]}
        tokens, category_tokens = tokens_of(shown, by_id), self._category_tokens(snapshot, shown)
        assigned = (answer or {}).get("assigned", {})
        return {
            "items": [{"id": tokens[str(i)], "text": by_id[i]["text"],
                       "assigned": category_tokens[str(assigned[str(i)])] if str(i) in assigned else None}
                      for i in shown.get("order", by_id)],
            "categories": [(category_tokens[str(c)], snapshot["categories"][c])
                           for c in shown.get("categories", range(len(snapshot["categories"])))],
        }

    def parse(self, data, prefix, snapshot, shown):
        tokens = tokens_of(shown, self._ids(snapshot))
        categories = {token: int(c) for c, token in self._category_tokens(snapshot, shown).items()}
        assigned = {}
        for item in snapshot["items"]:
            raw = data.get(f"{prefix}-item-{tokens[str(item['id'])]}", "")
            if raw in ("", None):
                continue
            category = categories.get(str(raw).strip())
            if category is None:
                raise AnswerError(_("That category is not part of this question."))
            assigned[str(item["id"])] = category
        return {"assigned": assigned} if assigned else None

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        tokens = tokens_of(shown, self._ids(snapshot))
        category_tokens = self._category_tokens(snapshot, shown)
        return {f"{prefix}-item-{tokens[item]}": category_tokens[str(category)]
                for item, category in answer["assigned"].items()}

    def grade(self, snapshot, answer):
        assigned = {int(k): v for k, v in (answer or {}).get("assigned", {}).items()}
        correct = {int(k): v for k, v in snapshot["key"]["category_of"].items()}
        return grading.grade_matching(assigned, correct)

    def problems(self, snapshot):
        problems = []
        if len(snapshot["items"]) < 2:
            problems.append(_("A matching question needs at least two items."))
        if len(snapshot["categories"]) < 2:
            problems.append(_("A matching question needs at least two categories."))
        return problems

    def _texts(self, snapshot):
        return {str(i["id"]): i["text"] for i in snapshot["items"]}

    def describe(self, snapshot, answer):
        if not answer:
            return ""
        names, by_id = snapshot["categories"], self._texts(snapshot)
        return "; ".join(f"{by_id.get(k, '?')} → {names[v]}" for k, v in sorted(answer["assigned"].items()))

    def describe_key(self, snapshot):
        names, by_id = snapshot["categories"], self._texts(snapshot)
        return "; ".join(f"{by_id[k]} → {names[v]}" for k, v in snapshot["key"]["category_of"].items())

    def example_draft(self):
        return {"pairs": [{"item": "Separatism", "category": "Distant cause"},
                          {"item": "The NATO bid", "category": "Proximate cause"},
                          {"item": "Kosovo's independence", "category": "Proximate cause"}]}

    def key_answer(self, snapshot):
        return {"assigned": dict(snapshot["key"]["category_of"])}

    def wrong_answer(self, snapshot, rng=None):
        key, count = snapshot["key"]["category_of"], len(snapshot["categories"])
        if rng is None:  # every item in the first category
            return {"assigned": dict.fromkeys(key, 0)}
        wrong = {item: (right + 1) % count for item, right in key.items()}
        kept = rng.sample(sorted(key), rng.randrange(len(key)))  # some right, at least one wrong
        return {"assigned": {item: key[item] if item in kept else wrong[item] for item in key}}

    def mistakes(self, snapshot, answer):
        names, texts = snapshot.get("categories", []), self._texts(snapshot)

        def name(index):
            return names[index] if isinstance(index, int) and 0 <= index < len(names) else "?"

        assigned = answer.get("assigned", {})
        return [(("category", item, given, right), _("Put “%(item)s” under “%(wrong)s” (it is “%(right)s”)") % {
                    "item": texts.get(item, "?"), "wrong": name(given), "right": name(right)})
                for item, right in snapshot["key"].get("category_of", {}).items()
                if (given := assigned.get(item)) is not None and given != right]

    def refreshed_key(self, snapshot, fresh):
        if fresh["categories"] != snapshot["categories"] or self._ids(fresh) != self._ids(snapshot):
            return None, _("its items or categories have changed")
        return fresh["key"], ""

    def draft_defaults(self):
        return {"pairs": []}

    def draft_from_question(self, question):
        return {"pairs": [{"item": p.item, "category": p.category} for p in question.match_pairs.all()]}

    def draft_problems(self, draft):
        pairs = draft.get("pairs")
        if not is_object_list(pairs, {"item", "category"}, {"item": str, "category": str}):
            return [_("The matching pairs must be a list of objects with item and category.")]
        if any(not p["category"] for p in pairs):
            return [_("Every matching item needs a category.")]
        return []

    def length_problems(self, draft):
        checks = []
        for n, pair in enumerate(as_list(draft.get("pairs")), start=1):
            if isinstance(pair, dict):
                checks += [(_("Matching item %(n)s") % {"n": n}, pair.get("item"), limits.PAIR_ITEM),
                           (_("The category of matching item %(n)s") % {"n": n}, pair.get("category"),
                            limits.CATEGORY)]
        return over_caps(checks)

    def snapshot_from_draft(self, draft):
        pairs = draft.get("pairs") or []
        return {"items": [{"id": i} for i, p in enumerate(pairs, start=1) if p.get("item")],
                "categories": sorted({p["category"] for p in pairs if p.get("category")}), "key": {}}

    def part_rows(self, question, draft):
        return [MatchPair(question=question, position=i, item=p["item"], category=p["category"])
                for i, p in enumerate(draft["pairs"], start=1)]

    def parts_form(self):
        return PairForm, gettext_lazy("Items and the category each belongs to")

    def initial(self, draft):
        return {}, list(draft["pairs"])

    def draft_from_form(self, cleaned, rows):
        return {"pairs": [{"item": r.get("item", "").strip(), "category": r.get("category", "").strip()} for r in rows]}

    def content_parts(self, entry, content, errors):
        from lessons.models import CauseKind
        rows = []
        for index, pair in enumerate(entry.data.get("pair", []), start=1):
            if "cause" in pair:
                cause = content.cause_by_slug.get(pair["cause"])
                if cause is None:
                    errors.append(entry.error("cause", f"pair {index}: unknown cause {pair['cause']!r}"))
                    continue
                label = str(CauseKind(cause.data["kind"]).label)
                rows.append({"position": index, "item": cause.data["title"],
                             "category": label[:1].upper() + label[1:], "cause": pair["cause"]})
            elif "category" in pair and set(pair) <= {"item", "category"}:  # no item: a distractor category
                rows.append({"position": index, "item": pair.get("item", ""), "category": pair["category"],
                             "cause": None})
            else:
                errors.append(entry.error("pair", f"pair {index} needs either cause, or a category (and an item "
                                                  "unless it is an extra category)"))
        return {}, {MatchPair: rows}, {"pairs": [{"item": r["item"], "category": r["category"]} for r in rows]}

    translatable_keys = frozenset({"pair"})

    def content_translation(self, english, variant, content, rows, errors):
        from django.utils import translation

        from lessons.editions import LANGUAGE, mirror_parts
        from lessons.models import CauseKind
        parts = mirror_parts(english, variant, "pair",
                             lambda p: set() if "cause" in p else {"item", "category"} & set(p), errors)
        pairs = []
        for part, pair in zip(parts, english.data.get("pair", []), strict=True):
            cause = content.cause_by_slug.get(pair.get("cause"))
            if cause is not None:
                with translation.override(LANGUAGE):
                    label = str(CauseKind(cause.data["kind"]).label)
                title = content.zh.get("cause", {}).get(cause.data["slug"], {}).get("title", "")
                pairs.append({"item": title, "category": label[:1].upper() + label[1:]})
            else:
                pairs.append({"item": part.get("item", ""), "category": part.get("category", "")})
        return {"pairs": pairs}

    def translated_parts(self, question, snapshot, texts):
        by_position = dict(enumerate(texts.get("pairs") or [], start=1))
        category = {}
        for pair in question.match_pairs.all():
            translated = by_position.get(pair.position, {}).get("category")
            if translated:
                category.setdefault(pair.category, translated)
        return {"items": [{"text": by_position[i["id"]]["item"]} if by_position.get(i["id"], {}).get("item") else {}
                          for i in snapshot["items"]],
                "categories": [category.get(c, "") for c in snapshot["categories"]]}

    def gift_write(self, draft):
        return " ".join(f"={escape(p['item'])} -> {escape(p['category'])}" for p in draft["pairs"])

    def gift_read(self, block, parsed, draft):
        choices = block.choices()
        if not choices or block.numeric or not all(c["marker"] == "=" and "->" in c["body"] for c in choices):
            return False
        pairs = []
        for choice in choices:
            item, _arrow, category = choice["body"].partition("->")
            pairs.append({"item": block.text_of(item), "category": block.unescape(category).strip()})
        draft.update(type=self.code, pairs=pairs)
        return True

    def admin_inlines(self):
        return [_pair_inline()]


@functools.cache
def _pair_inline():
    """The pairs in the admin (built when the admin first asks: admin classes need loaded apps)."""
    from django.contrib import admin

    from core.admin import PositionedInlineFormSet

    class MatchPairInline(admin.TabularInline):
        model = MatchPair
        formset = PositionedInlineFormSet
        extra = 0
        fields = ("position", "item", "category", "cause")
        autocomplete_fields = ("cause",)
        ordering = ("position",)

    return MatchPairInline
