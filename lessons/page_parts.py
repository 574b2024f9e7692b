"""Parts of lessons' pages that the apps above fill in (a student's quizzes, their review cards due):
lessons may not import those apps, so each registers a part in its AppConfig.ready().

A part is a function `(request, **page context) -> {slot: {key: html}}`, called by the page's view:
- "home", with `outlines` (one per course): slot "course", keyed by course id (the course's card);
- "course", with `outline`: slots "status" (key None: the progress panel), "chapter" (keyed by chapter
  id: below the chapter's lessons) and "end" (key None: after the chapters).
The html is the part's own rendered template (render_to_string), so it is safe to show; a part runs
its queries once for the whole page. Parts in one slot follow `position`, then registration order."""

from collections.abc import Callable

from django.utils.safestring import mark_safe

PAGES = ("home", "course")

_parts: dict[str, list[tuple[int, Callable]]] = {page: [] for page in PAGES}


def page_part_register(page: str, part: Callable, *, position: int = 0) -> None:
    if page not in _parts:
        raise ValueError(f"lessons has no page {page!r}; its pages are {', '.join(PAGES)}")
    if all(known is not part for _position, known in _parts[page]):
        _parts[page].append((position, part))


def page_parts(page: str, request, **context) -> dict[str, dict]:
    """Every part of the page, {slot: {key: html}}, for the template's {% page_part %}."""
    filled: dict[str, dict] = {}
    for _position, part in sorted(_parts[page], key=lambda item: item[0]):
        for slot, pieces in (part(request, **context) or {}).items():
            into = filled.setdefault(slot, {})
            for key, html in pieces.items():
                into[key] = mark_safe(into.get(key, "") + html)
    return filled
