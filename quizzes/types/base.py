"""What every question type is: the hooks the rest of Casebook calls, and
the defaults a type keeps unless it has something of its own to say.

A type owns, for its kind of question:

- attempts: `snapshot` (the question and key frozen when an attempt starts),
  `present` (what this attempt shows: order and per-attempt tokens),
  `public` (what the page may show before submission), `parse` (a form's
  POST → an answer), `form_data` (its inverse), `incomplete` (a warning
  for a saved answer that is only part of one), `grade`, `describe`,
  `describe_key`, `feedback_html`;
- answers for seed data, benchmarks and tests: `key_answer`, `wrong_answer`,
  and a small gradeable question of the type, `example_draft`;
- reports: `mistakes` (how a wrong answer reads in the dashboards) and
  `refreshed_key` (whether a corrected key may regrade a stored attempt);
- storage: `draft_defaults` (its fields of a draft, the one plain-dict shape
  of a question shared by forms, imports and exports), `draft_from_question`,
  `draft_problems`, `length_problems`, `snapshot_from_draft`,
  `question_fields` (columns of the Question row it sets), `part_rows` (its
  answer-key rows) and `part_models`;
- authoring: `form_fields`, `parts_form`, `initial`, `draft_from_form`;
- content files: `content_keys` and `content_parts`;
- the Chinese edition: `translatable_keys`, `content_translation` (a
  `.zh-hant` variant entry → the type's translated texts, checked against
  the English entry) and `translated_parts` (those texts → an overlay of the
  snapshot's display fields; `localized` applies it). Only text a person
  reads is translatable: an overlay never touches "key", ids or order;
- GIFT: `gift_write`, `gift_read` and `gift_meta` (what GIFT cannot say);
- the admin: `admin_inlines`.

A type declares in `keeps_defaults` the hooks whose default it keeps on
purpose; `tests/quizzes/test_type_contract.py` fails for any other hook it
does not define.

Integrity: the page names every option, item and category by a token drawn
per attempt from `secrets` and kept in `Response.shown`; internal ids never
leave the server, and the order shown is a uniform shuffle, so neither the
values nor the order say anything about the key. A type whose input starts
filled in (ordering) counts as answered only once the student changes it or
confirms it.
"""

import functools
import html
import random
import secrets

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lessons.markdown import render_markdown

MAX_TEXT_ANSWER = 200


class AnswerError(ValueError):
    """A submitted answer that does not fit the question's shape."""


def to_int(value, error):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise AnswerError(error) from None


def plain(markup: str, *, one_line: bool = False) -> str:
    """Rendered Markdown as text: tags dropped and entities decoded, so that a
    template (or a CSV) escapes `&` once, not twice; `one_line` also folds
    every run of white space (line breaks too) into one space, for a table cell."""
    return _plain(str(markup), one_line)


@functools.lru_cache(maxsize=4096)
def _plain(markup: str, one_line: bool) -> str:
    # The quiz report names the same few options in hundreds of mistakes; stripping tags is most of its time.
    text = html.unescape(strip_tags(markup))
    return " ".join(text.split()) if one_line else text.strip()


# ---- tokens: what the page calls each part ------------------------------------

def shuffled(ids, rng: random.Random) -> list:
    ids = list(ids)
    rng.shuffle(ids)
    return ids


def new_tokens(ids) -> dict[str, str]:
    """A fresh random token for each id, unique within the question."""
    tokens: dict[str, str] = {}
    for part in ids:
        token = secrets.token_hex(5)
        while token in tokens.values():
            token = secrets.token_hex(5)
        tokens[str(part)] = token
    return tokens


def tokens_of(shown: dict, ids, field: str = "tokens") -> dict[str, str]:
    """{internal id: token}; attempts started before tokens existed used the id itself."""
    return shown.get(field) or {str(part): str(part) for part in ids}


def ids_by_token(shown: dict, ids, field: str = "tokens") -> dict[str, int]:
    return {token: int(part) for part, token in tokens_of(shown, ids, field).items()}


def over_caps(checks) -> list[str]:
    """Messages for the (what, text, cap) triples whose text is over its cap."""
    from quizzes.limits import too_long
    return [too_long(what, text, cap) for what, text, cap in checks if isinstance(text, str) and len(text) > cap]


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def is_object_list(value, required: set[str], types: dict[str, type]) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and required <= set(v) <= set(types) and all(isinstance(v[k], types[k]) for k in v)
        for v in value)


TRANSLATION = "zh-hant"


def _overlay(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _overlay(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(over, list):
        return [_overlay(b, o) if o not in (None, "", {}) else b
                for b, o in zip(base, over + [None] * (len(base) - len(over)), strict=False)]
    return base if over in (None, "") else over


def edition(language: str | None = None) -> str:
    """The course edition a reader of `language` (the active one by default) reads."""
    from django.utils import translation
    return TRANSLATION if (language or translation.get_language() or "").lower().startswith("zh") else "en"


def localized(snapshot: dict, language: str | None = None) -> dict:
    """The snapshot as a reader of `language` (the active one by default) sees
    it: the same question, ids, tokens and key, with the text of that edition
    where it has one. Grading and parsing read the snapshot itself."""
    overlay = (snapshot.get("editions") or {}).get(edition(language))
    if not overlay:
        return snapshot
    return _overlay(snapshot, overlay)


class QuestionType:
    """One kind of question. Subclasses set `code` and `label` and override
    the hooks their kind needs; registering is declaring the subclass in a
    module of `quizzes.types`."""

    code: str = ""
    position: int = 100
    label = ""
    #: Graded by a person (essays): `grade` gives 0 and the attempt awaits grading.
    manual: bool = False
    #: Models holding this type's answer-key rows (each with a `question` foreign key).
    part_models: tuple = ()
    #: Related names to join (`select`) or prefetch (one query each) before `snapshot`.
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    #: Keys a question of this type may have in the content files, beyond the common ones.
    content_keys: frozenset[str] = frozenset()
    #: Keys of this type a `.zh-hant` variant entry may give, beyond slug, stem and explanation.
    translatable_keys: frozenset[str] = frozenset()
    #: The hooks whose default this type keeps on purpose; the contract test
    #: fails for any other hook it does not define, so none is forgotten.
    keeps_defaults: frozenset[str] = frozenset()

    @property
    def template(self) -> str:
        return f"quizzes/types/{self.code}.html"

    # ---- attempts -------------------------------------------------------------

    def snapshot(self, question) -> dict:
        data = self._snapshot(question)
        texts = getattr(question, "zh_hant", None) or {}
        lesson_title = (question.lesson.zh_hant or {}).get("title") if question.lesson_id else None
        if texts or lesson_title:
            overlay = {f"{key}_html": render_markdown(texts[key]) for key in ("stem", "explanation") if texts.get(key)}
            if lesson_title:
                overlay["lesson_title"] = lesson_title
            overlay.update(self.translated_parts(question, data, texts) if texts else {})
            data["editions"] = {TRANSLATION: overlay}
        return data

    def _snapshot(self, question) -> dict:
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
        """The type's part of a snapshot: public parts at the top level, the key under "key"."""
        return {"key": {}}

    def present(self, snapshot: dict, rng: random.Random) -> dict:
        return {}

    def public(self, snapshot: dict, shown: dict, answer) -> dict:
        return {}

    def parse(self, data, prefix: str, snapshot: dict, shown: dict):
        raise NotImplementedError

    def form_data(self, snapshot: dict, shown: dict, answer, prefix: str) -> dict:
        """The form fields that `parse` reads back as `answer` ({} for none);
        a list value is a field sent several times."""
        raise NotImplementedError

    def incomplete(self, snapshot: dict, answer) -> str:
        """Why a saved answer is only part of what the question asks ("" if it is not):
        it is kept as typed, but the student is warned before submitting it."""
        return ""

    def grade(self, snapshot: dict, answer) -> float:
        raise NotImplementedError

    def problems(self, snapshot: dict) -> list[str]:
        """Why a question with this snapshot could not be graded."""
        return []

    def describe(self, snapshot: dict, answer) -> str:
        """A one-line text of an answer (review pages, CSV exports)."""
        return "" if answer is None else str(answer)

    def describe_key(self, snapshot: dict) -> str:
        return ""

    def feedback_html(self, snapshot: dict, answer) -> list[str]:
        """Feedback the review shows for this answer (beyond the general explanation)."""
        return []

    # ---- answers for seed data, benchmarks and tests ----------------------------

    def key_answer(self, snapshot: dict):
        """The key itself in the shape `parse` returns."""
        raise NotImplementedError

    def example_draft(self) -> dict:
        """The type's fields of a small, gradeable question (the contract test
        and the authoring tests build one of every type from it)."""
        raise NotImplementedError

    def wrong_answer(self, snapshot: dict, rng: random.Random | None = None):
        """A well-formed answer that is not fully right: a fixed, known mistake
        without `rng`, a varied one with it."""
        raise NotImplementedError

    # ---- reports --------------------------------------------------------------

    def mistakes(self, snapshot: dict, answer) -> list[tuple[tuple, str]]:
        """The mistakes in a wrong answer as (what to count it by, how it reads)."""
        text = self.describe(snapshot, answer)
        return [(("text", text), _("Answered “%(text)s”") % {"text": text})]

    def wrong_answers(self, snapshot: dict, answers: list[tuple], total: int, top: int = 3) -> list[dict]:
        """The mistakes made most often on one question, for the quiz report:
        `answers` are the wrong answers as (answer, how many gave it), `total`
        how many answered. Mistakes are counted by what they are (`mistakes`),
        and only the `top` most frequent are put into words, each as
        {"text", "count", "percent"}."""
        counts: dict[tuple, int] = {}
        texts: dict[tuple, str] = {}
        for answer, n in answers:
            found = [(("blank",), _("No answer"))] if answer is None else self.mistakes(snapshot, answer)
            for mistake, text in found:
                counts[mistake] = counts.get(mistake, 0) + n
                texts.setdefault(mistake, text)
        ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]  # stable: first seen first among ties
        return [{"text": texts[mistake], "count": n, "percent": round(100 * n / total) if total else 0}
                for mistake, n in ranked]

    def refreshed_key(self, snapshot: dict, fresh: dict) -> tuple[dict | None, str]:
        """The key of `fresh` (a snapshot made now) in the terms of the stored
        `snapshot`, or (None, why not): an answer names parts by the stored
        snapshot's ids, so only a key that means the same ids may replace it."""
        return fresh["key"], ""

    # ---- storage --------------------------------------------------------------

    def draft_defaults(self) -> dict:
        """The type's fields of an empty draft."""
        return {}

    def draft_from_question(self, question) -> dict:
        return {}

    def draft_problems(self, draft: dict) -> list[str]:
        """Shape checks of the type's draft fields, before `problems` on its snapshot."""
        return []

    def length_problems(self, draft: dict) -> list[str]:
        """A message for each of the type's texts over its cap (`quizzes.limits`)."""
        return []

    def snapshot_from_draft(self, draft: dict) -> dict:
        """Enough of a snapshot for `problems` to judge a draft that is not saved."""
        return {"key": {}}

    def question_fields(self, draft: dict) -> dict:
        """Fields of the Question row itself that this type sets."""
        return {}

    def part_rows(self, question, draft: dict) -> list:
        """The answer-key rows of `draft`, unsaved, for `bulk_create`."""
        return []

    # ---- authoring ------------------------------------------------------------

    def form_fields(self) -> dict:
        """Extra fields of the question form (beyond stem, bank, points …)."""
        return {}

    def parts_form(self):
        """(form class, legend) of the formset for the type's repeated parts, or None."""
        return None

    def initial(self, draft: dict) -> tuple[dict, list[dict]]:
        """(initial values of `form_fields`, initial rows of the parts formset)."""
        return {}, []

    def draft_from_form(self, cleaned: dict, rows: list[dict]) -> dict:
        """The type's draft fields from a valid form's data and its non-empty part rows."""
        return {}

    # ---- content files --------------------------------------------------------

    def content_parts(self, entry, content, errors) -> tuple[dict, dict, dict]:
        """From a content-file entry: (Question fields, {model: [row dicts]},
        draft fields for `problems`). Errors are appended with `entry.error`."""
        return {}, {}, {}

    # ---- the Chinese edition -----------------------------------------------------

    def content_translation(self, english, variant, content, rows, errors) -> dict:
        """The type's translated texts from `variant` (an Entry of a `.zh-hant`
        file) that mirrors `english` part by part, stored in `Question.zh_hant`
        beside "stem" and "explanation". Each difference in structure is an
        error at the variant's line (`lessons.editions.sub_line`). Key fields
        never reach here (the loader rejects them). `rows` are the English
        entry's key rows; only a type whose translation adds to the key (short
        answers' Chinese forms) changes them. Default: no parts to translate."""
        return {}

    def translated_parts(self, question, snapshot: dict, texts: dict) -> dict:
        """The translated display fields of `snapshot` as an overlay (same keys;
        lists by position, see `localized`) from `texts` (the question's
        `zh_hant`). Missing texts are left out, so English shows. Default: none."""
        return {}

    # ---- GIFT -----------------------------------------------------------------

    def gift_write(self, draft: dict) -> str | None:
        """The GIFT answer block's inside for `draft`, or None if GIFT cannot say it."""
        return None

    def gift_meta(self, draft: dict) -> dict:
        """Fields GIFT has no syntax for, kept on the '// casebook' line before the
        question (and found again in `block.meta` when it is read back)."""
        return {}

    def gift_read(self, block, parsed, draft: dict) -> bool:
        """Fill `draft` from a parsed GIFT answer block if it is of this type; True if it was."""
        return False

    # ---- the admin ------------------------------------------------------------

    def admin_inlines(self) -> list:
        return []
