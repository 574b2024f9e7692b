"""The registry of question types. Each type owns, for its kind of question:

- `snapshot(question)`: the question and its key frozen as plain data when an
  attempt starts (public parts at the top level, the key under "key");
- `present(snapshot, rng, shuffle)`: the order the student is shown;
- `public(snapshot, shown, answer)`: what the page may show *before*
  submission — never the key, correctness or feedback;
- `parse(data, prefix, snapshot, shown)`: the answer from a submitted form,
  or `AnswerError` for malformed input;
- `grade(snapshot, answer)`: a fraction in [0, 1], via `quizzes.grading`;
- `problems(snapshot)`: why a question could not be graded (for authoring).

Adding a type means adding one class here and one template in
`templates/quizzes/types/`.
"""

import random
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

    def present(self, snapshot: dict, rng: random.Random, shuffle: bool) -> dict:
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


def _ordered(ids: list[int], rng: random.Random, shuffle: bool) -> list[int]:
    ids = list(ids)
    if shuffle:
        rng.shuffle(ids)
    return ids


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

    def present(self, snapshot, rng, shuffle):
        return {"order": _ordered([o["id"] for o in snapshot["options"]], rng, shuffle)}

    def public(self, snapshot, shown, answer):
        by_id = {o["id"]: o for o in snapshot["options"]}
        chosen = self._chosen(answer)
        return {"options": [{**by_id[i], "checked": i in chosen} for i in shown.get("order", by_id)]}

    def _valid_ids(self, snapshot):
        return {o["id"] for o in snapshot["options"]}

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
        option = _int(raw, _("Choose one of the options."))
        if option not in self._valid_ids(snapshot):
            raise AnswerError(_("That option is not part of this question."))
        return {"option": option}

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
        chosen = {_int(v, _("Tick the options that apply.")) for v in values}
        if not chosen <= self._valid_ids(snapshot):
            raise AnswerError(_("That option is not part of this question."))
        return {"options": sorted(chosen)}

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
        # Ids are random-looking so that the id order does not give the answer away.
        ids = random.Random(question.pk).sample(range(10, 100), len(items))
        return {
            "items": [{"id": i, "text": item.text} for i, item in zip(ids, items, strict=True)],
            "key": {"order": ids},
        }

    def present(self, snapshot, rng, shuffle):
        ids = [item["id"] for item in snapshot["items"]]
        order = list(ids)
        if len(ids) > 1:
            # Always shuffled: the correct order must never be the starting one.
            while order == snapshot["key"]["order"]:
                rng.shuffle(order)
        return {"order": order}

    def public(self, snapshot, shown, answer):
        by_id = {item["id"]: item for item in snapshot["items"]}
        order = answer["order"] if answer else shown["order"]
        return {"items": [by_id[i] for i in order], "count": len(order)}

    def parse(self, data, prefix, snapshot, shown):
        ids = [item["id"] for item in snapshot["items"]]
        ranks = {}
        for item_id in ids:
            raw = data.get(f"{prefix}-rank-{item_id}", "")
            if raw in ("", None):
                return None
            rank = _int(raw, _("Give every event a position."))
            ranks[item_id] = rank
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise AnswerError(_("Give each event a different position, from 1 to %(n)s.") % {"n": len(ids)})
        order = sorted(ids, key=ranks.get)
        move = data.get(f"{prefix}-move", "")
        if move:
            order = apply_move(order, move)
        return {"order": order}

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


def apply_move(order: list[int], move: str) -> list[int]:
    """Apply a 'ID:up' / 'ID:down' button press (the no-JavaScript reorder)."""
    item, _sep, direction = move.partition(":")
    try:
        item_id = int(item)
    except ValueError:
        raise AnswerError(_("Unknown move.")) from None
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

    def present(self, snapshot, rng, shuffle):
        return {"order": _ordered([i["id"] for i in snapshot["items"]], rng, shuffle)}

    def public(self, snapshot, shown, answer):
        by_id = {i["id"]: i for i in snapshot["items"]}
        assigned = (answer or {}).get("assigned", {})
        return {
            "items": [{**by_id[i], "assigned": assigned.get(str(i))} for i in shown.get("order", by_id)],
            "categories": list(enumerate(snapshot["categories"])),
        }

    def parse(self, data, prefix, snapshot, shown):
        assigned = {}
        for item in snapshot["items"]:
            raw = data.get(f"{prefix}-item-{item['id']}", "")
            if raw in ("", None):
                continue
            category = _int(raw, _("Choose a category for each item."))
            if not 0 <= category < len(snapshot["categories"]):
                raise AnswerError(_("That category is not part of this question."))
            assigned[str(item["id"])] = category
        return {"assigned": assigned} if assigned else None

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

    def grade(self, snapshot, answer):
        return grading.grade_short((answer or {}).get("text", ""), snapshot["key"]["accepted"])

    def problems(self, snapshot):
        accepted = [a for a in snapshot["key"]["accepted"] if grading.normalise_text(a)]
        return [] if accepted else [_("List at least one accepted answer.")]

    def describe(self, snapshot, answer):
        return (answer or {}).get("text", "")

    def describe_key(self, snapshot):
        return " / ".join(snapshot["key"]["accepted"])


def _plain(html: str) -> str:
    return strip_tags(html).strip()


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
