"""The "N cards due" count, for pages that lessons owns (home, the outline)."""

from django import template

from review import services
from review.selectors import due_counts

register = template.Library()


@register.simple_tag
def cards_due(user):
    """{% cards_due user as due %}: {course id: DueCounts}, one query for every course."""
    return due_counts(user, now=services.now())


@register.filter
def due_in(due, course_id) -> int:
    counts = due.get(course_id)
    return counts.total if counts else 0
