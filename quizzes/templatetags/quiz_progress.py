"""Template access to a student's quiz results, for pages that lessons owns
(the home page, the course outline) but that show quizzes beside the courses
and chapters."""

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

from quizzes.selectors import course_quiz_results, quiz_agenda

register = template.Library()


@register.simple_tag
def quiz_results(course, user):
    """{% quiz_results course user as results %}: {chapter id or None: [QuizResult, …]}."""
    return course_quiz_results(course, user)


@register.simple_tag
def quiz_todo(user):
    """{% quiz_todo user as todo %}: {course id: [QuizResult, …]} with an open attempt or a closing date ahead."""
    return quiz_agenda(user)


@register.filter
def for_chapter(results, chapter_id):
    return results.get(chapter_id, [])


@register.filter
def time_left(moment):
    """The largest unit only ("2 days", "5 hours"), as people say a deadline."""
    return timeuntil(moment, timezone.now(), depth=1)
