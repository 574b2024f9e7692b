"""Filters of the instructor area's pages."""

from django import template

from lessons.markdown import render_markdown
from quizzes.types.base import plain

register = template.Library()


@register.filter
def markdown_text(text: str) -> str:
    """A question's Markdown as the plain text a reader sees (`**bold**` → bold), for lists."""
    return plain(render_markdown(text or ""))
