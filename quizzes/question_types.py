"""The registry of question types. Each type owns, for its kind of question:

- `snapshot(question)`: the question and its key frozen as plain data when an
  attempt starts (public parts at the top level, the key under "key");
- `present(snapshot, rng)`: what this attempt shows (`Response.shown`): the
  order of the parts, always shuffled, and a random token per part;
- `public(snapshot, shown, answer)`: what the page may show *before*
  submission — never the key, correctness or feedback, and no internal id;
- `parse(data, prefix, snapshot, shown)`: the answer from a submitted form,
  or `AnswerError` for malformed input;
- `form_data(snapshot, shown, answer, prefix)`: the POST that gives `answer`
  (the inverse of `parse`, for demo data and tests);
- `grade(snapshot, answer)`: a fraction in [0, 1], via `quizzes.grading`;
- `problems(snapshot)`: why a question could not be graded (for authoring).

Adding a type means adding one class here and one template in
`templates/quizzes/types/`.

Integrity: the page names every option, item and category by a token drawn
per attempt from `secrets` and kept in `shown`; internal ids (author
positions) never leave the server, and the order shown is a uniform shuffle,
so neither the values nor the order say anything about the key. A type whose
input starts filled in (ordering) counts as answered only once the student
changes it or confirms it.
"""

import html
import random
import secrets
from dataclasses import dataclass

from django.utils.dates import MONTHS
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lessons.markdown import render_markdown
from quizzes import grading

MAX_TEXT_ANSWER = 200


class AnswerError(ValueError):
    """A submitted answer that does not fit the question's shape."""


def _int(value, error):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise AnswerError(error) from None


@dataclass(frozen=True)
class QuestionKind:
    code: str

    @property
    def template(self) -> str:
        return f"quizzes/types/{self.code}.html"

    # Shared parts of every snapshot.
    def snapshot(self, question) -> dict:
        data = {
            "type": self.code,
            "slug": question.slug,
            "stem_html": render_markdown(question.stem),
            "points": question.points,
            "lesson_url": question.lesson_url() if question.lesson_id else "",
            "lesson_title": question.lesson.title if question.lesson_id else "",
            "explanation_html": render_markdown(question.explanation),
        }
        data.update(self.parts(question))
        return data

    def parts(self, question) -> dict:
        return {"key": {}}

    def present(self, snapshot: dict, rng: random.Random) -> dict:
        return {}

    def public(self, snapshot: dict, shown: dict, answer) -> dict:
        return {}

    def parse(self, data, prefix: str, snapshot: dict, shown: dict):
        raise NotImplementedError

    def grade(self, snapshot: dict, answer) -> float:
        raise NotImplementedError

    def problems(self, snapshot: dict) -> list[str]:
        return []

    def describe(self, snapshot: dict, answer) -> str:
        """A one-line text of an answer (review pages, CSV exports)."""
        return "" if answer is None else str(answer)

    def describe_key(self, snapshot: dict) -> str:
        return ""

    def key_answer(self, snapshot: dict):
        """The key itself in the shape `parse` returns (for demo data and tests)."""
        raise NotImplementedError

    def form_data(self, snapshot: dict, shown: dict, answer, prefix: str) -> dict:
        """The form fields that `parse` reads back as `answer` ({} for none);
        a list value is a field sent several times."""
        raise NotImplementedError


# ---- tokens: what the page calls each part ------------------------------------

def _shuffled(ids: list, rng: random.Random) -> list:
    ids = list(ids)
    rng.shuffle(ids)
    return ids


def _new_tokens(ids) -> dict[str, str]:
    """A fresh random token for each id, unique within the question."""
    tokens: dict[str, str] = {}
    for part in ids:
        token = secrets.token_hex(5)
        while token in tokens.values():
            token = secrets.token_hex(5)
        tokens[str(part)] = token
    return tokens


def _tokens(shown: dict, ids, field: str = "tokens") -> dict[str, str]:
    """{internal id: token}; attempts started before tokens existed used the id itself."""
    return shown.get(field) or {str(part): str(part) for part in ids}


def _ids_by_token(shown: dict, ids, field: str = "tokens") -> dict[str, int]:
    by_token = {token: part for part, token in _tokens(shown, ids, field).items()}
    return {token: int(part) for token, part in by_token.items()}


class ChoiceKind(QuestionKind):
    def parts(self, question):
        options = list(question.options.all())
        return {
            "options": [{"id": o.position, "html": render_markdown(o.text)} for o in options],
            "key": {
                "correct": [o.position for o in options if o.is_correct],
                "feedback": {str(o.position): render_markdown(o.feedback) for o in options if o.feedback},
            },
        }

    def present(self, snapshot, rng):
        ids = [o["id"] for o in snapshot["options"]]
        return {"order": _shuffled(ids, rng), "tokens": _new_tokens(ids)}

    def public(self, snapshot, shown, answer):
        by_id = {o["id"]: o for o in snapshot["options"]}
        tokens = _tokens(shown, by_id)
        chosen = self._chosen(answer)
        return {"options": [{"id": tokens[str(i)], "html": by_id[i]["html"], "checked": i in chosen}
                            for i in shown.get("order", by_id)]}

    def _option_of(self, raw, snapshot, shown) -> int:
        option = _ids_by_token(shown, [o["id"] for o in snapshot["options"]]).get(str(raw).strip())
        if option is None:
            raise AnswerError(_("That option is not part of this question."))
        return option

    def describe(self, snapshot, answer):
        by_id = {o["id"]: o["html"] for o in snapshot["options"]}
        return "; ".join(_plain(by_id.get(i, "?")) for i in sorted(self._chosen(answer)))

    def describe_key(self, snapshot):
        by_id = {o["id"]: o["html"] for o in snapshot["options"]}
        return "; ".join(_plain(by_id[i]) for i in snapshot["key"]["correct"] if i in by_id)


class Single(ChoiceKind):
    def key_answer(self, snapshot):
        return {"option": snapshot["key"]["correct"][0]}

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
        return {prefix: _tokens(shown, [o["id"] for o in snapshot["options"]])[str(answer["option"])]}

    def grade(self, snapshot, answer):
        correct = snapshot["key"]["correct"]
        return grading.grade_single(answer["option"] if answer else None, correct[0] if correct else -1)

    def problems(self, snapshot):
        if len(snapshot["options"]) < 2:
            return [_("A single-choice question needs at least two options.")]
        if len(snapshot["key"]["correct"]) != 1:
            return [_("Mark exactly one option as correct.")]
        return []


class Multiple(ChoiceKind):
    def key_answer(self, snapshot):
        return {"options": sorted(snapshot["key"]["correct"])}

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
        tokens = _tokens(shown, [o["id"] for o in snapshot["options"]])
        return {prefix: [tokens[str(i)] for i in answer["options"]]}

    def grade(self, snapshot, answer):
        return grading.grade_multiple(self._chosen(answer), set(snapshot["key"]["correct"]))

    def problems(self, snapshot):
        if len(snapshot["options"]) < 2:
            return [_("A multiple-response question needs at least two options.")]
        if not snapshot["key"]["correct"]:
            return [_("Mark at least one option as correct.")]
        return []


class TrueFalse(QuestionKind):
    def key_answer(self, snapshot):
        return {"value": snapshot["key"]["answer"]}

    def parts(self, question):
        return {"key": {"answer": question.true_false_answer}}

    def public(self, snapshot, shown, answer):
        value = answer["value"] if answer else None
        return {"value": value}

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


class Ordering(QuestionKind):
    def key_answer(self, snapshot):
        return {"order": list(snapshot["key"]["order"])}

    def parts(self, question):
        items = list(question.ordering_items.all())
        # Internal ids, never shown (the page carries per-attempt tokens); made
        # as the first attempts made them, so old and new responses agree.
        ids = random.Random(question.pk).sample(range(10, 100), len(items))
        return {
            "items": [{"id": i, "text": item.text} for i, item in zip(ids, items, strict=True)],
            "key": {"order": ids},
        }

    def present(self, snapshot, rng):
        # A uniform shuffle, which may even start in the right order: the
        # starting order counts for nothing until the student confirms it.
        ids = [item["id"] for item in snapshot["items"]]
        return {"order": _shuffled(ids, rng), "tokens": _new_tokens(ids)}

    def public(self, snapshot, shown, answer):
        by_id = {item["id"]: item for item in snapshot["items"]}
        tokens = _tokens(shown, by_id)
        order = answer["order"] if answer else shown["order"]
        return {"items": [{"id": tokens[str(i)], "text": by_id[i]["text"]} for i in order],
                "count": len(order), "confirmed": answer is not None}

    def parse(self, data, prefix, snapshot, shown):
        ids = [item["id"] for item in snapshot["items"]]
        tokens = _tokens(shown, ids)
        ranks = {}
        for item_id in ids:
            raw = data.get(f"{prefix}-rank-{tokens[str(item_id)]}", "")
            if raw in ("", None):
                return None
            ranks[item_id] = _int(raw, _("Give every event a position."))
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise AnswerError(_("Give each event a different position, from 1 to %(n)s.") % {"n": len(ids)})
        order = sorted(ids, key=ranks.get)
        move = data.get(f"{prefix}-move", "")
        if move:
            return {"order": apply_move(order, move, _ids_by_token(shown, ids))}
        if order == shown.get("order") and data.get(f"{prefix}-confirm") != "1":
            return None  # untouched: the order it arrived in is not an answer
        return {"order": order}

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        tokens = _tokens(shown, [item["id"] for item in snapshot["items"]])
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

    def describe(self, snapshot, answer):
        by_id = {item["id"]: item["text"] for item in snapshot["items"]}
        return " → ".join(by_id.get(i, "?") for i in answer["order"]) if answer else ""

    def describe_key(self, snapshot):
        by_id = {item["id"]: item["text"] for item in snapshot["items"]}
        return " → ".join(by_id[i] for i in snapshot["key"]["order"])


def apply_move(order: list[int], move: str, ids_by_token: dict[str, int]) -> list[int]:
    """Apply a 'TOKEN:up' / 'TOKEN:down' button press (the no-JavaScript reorder)."""
    token, _sep, direction = move.partition(":")
    item_id = ids_by_token.get(token)
    if item_id not in order or direction not in ("up", "down"):
        raise AnswerError(_("Unknown move."))
    index = order.index(item_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order = list(order)
        order[index], order[target] = order[target], order[index]
    return order


class DateEntry(QuestionKind):
    def key_answer(self, snapshot):
        year, month, day = snapshot["key"]["date"]
        return {"year": year, "month": month, "day": day}

    def parts(self, question):
        key = question.date_key
        return {"precision": key.precision,
                "key": {"date": [key.date.year, key.date.month, key.date.day]}}

    def public(self, snapshot, shown, answer):
        answer = answer or {}
        return {"precision": snapshot["precision"], "year": answer.get("year"),
                "month": answer.get("month"), "day": answer.get("day"),
                "months": month_choices()}

    def parse(self, data, prefix, snapshot, shown):
        precision = snapshot["precision"]
        raw_year = data.get(f"{prefix}-year", "").strip()
        raw_month = data.get(f"{prefix}-month", "").strip()
        raw_day = data.get(f"{prefix}-day", "").strip()
        if not (raw_year or raw_month or raw_day):
            return None
        year = _int(raw_year, _("Enter the year as a number, for example 1992."))
        if not 1 <= year <= 9999:
            raise AnswerError(_("Enter a year between 1 and 9999."))
        month = day = None
        if precision in ("month", "day"):
            month = _int(raw_month, _("Choose the month.")) if raw_month else None
            if month is not None and not 1 <= month <= 12:
                raise AnswerError(_("Choose a month from the list."))
        if precision == "day":
            day = _int(raw_day, _("Enter the day of the month.")) if raw_day else None
            if day is not None and not 1 <= day <= 31:
                raise AnswerError(_("Enter a day between 1 and 31."))
        return {"year": year, "month": month, "day": day}

    def form_data(self, snapshot, shown, answer, prefix):
        if not answer:
            return {}
        fields = {"year": answer["year"], "month": answer.get("month"), "day": answer.get("day")}
        return {f"{prefix}-{name}": str(value) for name, value in fields.items() if value is not None}

    def grade(self, snapshot, answer):
        if not answer:
            return 0.0
        return grading.grade_date((answer["year"], answer.get("month"), answer.get("day")),
                                  tuple(snapshot["key"]["date"]), snapshot["precision"])

    def problems(self, snapshot):
        return [] if snapshot.get("precision") in ("year", "month", "day") else [_("Give the date's precision.")]

    def describe(self, snapshot, answer):
        if not answer:
            return ""
        parts = [f"{answer['year']:04d}"]
        if answer.get("month"):
            parts.append(f"{answer['month']:02d}")
        if answer.get("day"):
            parts.append(f"{answer['day']:02d}")
        return "-".join(parts)

    def describe_key(self, snapshot):
        year, month, day = snapshot["key"]["date"]
        return {"year": f"{year:04d}", "month": f"{year:04d}-{month:02d}"}.get(
            snapshot["precision"], f"{year:04d}-{month:02d}-{day:02d}")


def month_choices() -> list[tuple[int, str]]:
    return [(number, MONTHS[number]) for number in range(1, 13)]


class Matching(QuestionKind):
    def key_answer(self, snapshot):
        return {"assigned": dict(snapshot["key"]["category_of"])}

    def parts(self, question):
        pairs = list(question.match_pairs.all())
        categories = sorted({p.category for p in pairs})
        return {
            "items": [{"id": p.position, "text": p.item} for p in pairs],
            "categories": categories,
            "key": {"category_of": {str(p.position): categories.index(p.category) for p in pairs}},
        }

    def present(self, snapshot, rng):
        ids = [i["id"] for i in snapshot["items"]]
        categories = list(range(len(snapshot["categories"])))
        return {"order": _shuffled(ids, rng), "tokens": _new_tokens(ids),
                "categories": _shuffled(categories, rng), "category_tokens": _new_tokens(categories)}

    def _category_tokens(self, snapshot, shown):
        return _tokens(shown, range(len(snapshot["categories"])), "category_tokens")

    def public(self, snapshot, shown, answer):
        by_id = {i["id"]: i for i in snapshot["items"]}
        tokens, category_tokens = _tokens(shown, by_id), self._category_tokens(snapshot, shown)
        assigned = (answer or {}).get("assigned", {})
        return {
            "items": [{"id": tokens[str(i)], "text": by_id[i]["text"],
                       "assigned": category_tokens[str(assigned[str(i)])] if str(i) in assigned else None}
                      for i in shown.get("order", by_id)],
            "categories": [(category_tokens[str(c)], snapshot["categories"][c])
                           for c in shown.get("categories", range(len(snapshot["categories"])))],
        }

    def parse(self, data, prefix, snapshot, shown):
        tokens = _tokens(shown, [item["id"] for item in snapshot["items"]])
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
        tokens = _tokens(shown, [item["id"] for item in snapshot["items"]])
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

    def describe(self, snapshot, answer):
        if not answer:
            return ""
        names = snapshot["categories"]
        by_id = {str(i["id"]): i["text"] for i in snapshot["items"]}
        return "; ".join(f"{by_id.get(k, '?')} → {names[v]}" for k, v in sorted(answer["assigned"].items()))

    def describe_key(self, snapshot):
        names = snapshot["categories"]
        by_id = {str(i["id"]): i["text"] for i in snapshot["items"]}
        return "; ".join(f"{by_id[k]} → {names[v]}" for k, v in snapshot["key"]["category_of"].items())


class ShortAnswer(QuestionKind):
    def key_answer(self, snapshot):
        return {"text": snapshot["key"]["accepted"][0]}

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


def _plain(markup: str) -> str:
    """Rendered Markdown as text: tags dropped and entities decoded, so that a
    template (or a CSV) escapes `&` once, not twice."""
    return html.unescape(strip_tags(markup)).strip()


REGISTRY: dict[str, QuestionKind] = {
    kind.code: kind
    for kind in (
        Single("single"),
        Multiple("multiple"),
        TrueFalse("truefalse"),
        Ordering("ordering"),
        DateEntry("date"),
        Matching("matching"),
        ShortAnswer("short"),
    )
}


def kind_of(type_code: str) -> QuestionKind:
    return REGISTRY[type_code]
