"""Review's parts of lessons' pages (lessons.page_parts): the "N cards due" link of each course."""

from django.template.loader import render_to_string

from review import services
from review.selectors import due_counts


def _due_link(request, course, due) -> str:
    counts = due.get(course.pk)
    return render_to_string("review/includes/due_link.html",
                            {"course": course, "count": counts.total if counts else 0})


def home_part(request, *, outlines) -> dict:
    """One query for every course, and only for a signed-in student."""
    if not request.user.is_authenticated:
        return {}
    due = due_counts(request.user, now=services.now())
    return {"course": {outline.course.pk: _due_link(request, outline.course, due) for outline in outlines}}


def course_part(request, *, outline) -> dict:
    """Only for a student enrolled in the course."""
    if not (request.user.is_authenticated and outline.enrolment):
        return {}
    return {"status": {None: _due_link(request, outline.course, due_counts(request.user, now=services.now()))}}
