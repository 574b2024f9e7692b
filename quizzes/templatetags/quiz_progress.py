"""Quiz deadlines as people say them, for quizzes' own templates."""

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def time_left(moment):
    """The largest unit only ("2 days", "5 hours"), as people say a deadline."""
    return timeuntil(moment, timezone.now(), depth=1)
