"""The longest text each authored field of a question may hold, in characters.

A stem is not a book: the caps keep every page that shows a question small and
its rendering quick, whoever wrote it — the authoring form, a GIFT or JSON
import, or the course files. They are validation, not database limits; a field
the database already limits (ordering items, matching pairs, accepted answers,
tags) keeps the database's limit, so that a save never fails on PostgreSQL.
The course's longest texts are far below them (stem 215, explanation 751,
option 138, feedback 181).
"""

from django.utils.translation import gettext as _

from quizzes.models import AcceptedAnswer, MatchPair, OrderingItem, Tag

STEM = 5_000
EXPLANATION = 5_000
OPTION = 1_000
FEEDBACK = 1_000
ITEM = OrderingItem._meta.get_field("text").max_length
PAIR_ITEM = MatchPair._meta.get_field("item").max_length
CATEGORY = MatchPair._meta.get_field("category").max_length
ACCEPTED = AcceptedAnswer._meta.get_field("text").max_length
TAG = Tag._meta.get_field("slug").max_length
TAGS = 1_000  # the authoring form's comma-separated field
QUIZ_DESCRIPTION = 2_000


def too_long(what: str, text: str, limit: int) -> str:
    return _("%(what)s is too long: %(length)s characters, at most %(limit)s.") % {
        "what": what, "length": f"{len(text):,}", "limit": f"{limit:,}"}


def draft_length_problems(draft: dict) -> list[str]:
    """A message for every text of a question draft over its cap: the common
    fields here, the type's own parts by the type. Parts of the wrong shape
    are left to the draft's other checks."""
    from quizzes.types import REGISTRY

    checks = [(_("The question"), draft.get("stem"), STEM),
              (_("The explanation"), draft.get("explanation"), EXPLANATION)]
    for n, tag in enumerate(_list(draft.get("tags")), start=1):
        checks.append((_("Tag %(n)s") % {"n": n}, tag, TAG))
    problems = [too_long(what, text, limit) for what, text, limit in checks
                if isinstance(text, str) and len(text) > limit]
    qtype = REGISTRY.get(draft.get("type")) if isinstance(draft.get("type"), str) else None
    return problems + (qtype.length_problems(draft) if qtype else [])


def _list(value) -> list:
    return value if isinstance(value, list) else []
