"""Template access to a student's quiz results, for pages that lessons owns
(the course outline) but that show quizzes beside the chapters."""

from django import template

from quizzes.selectors import course_quiz_results

register = template.Library()


@register.simple_tag
def quiz_results(course, user):
    """{% quiz_results course user as results %}: {chapter id or None: [QuizResult, …]}."""
    return course_quiz_results(course, user)


@register.filter
def for_chapter(results, chapter_id):
    return results.get(chapter_id, [])
