"""Quizzes' parts of lessons' pages (lessons.page_parts): on the home page, each course's quizzes to do;
on the course outline, each chapter's quizzes with the student's best score, and the course's own."""

from django.template.loader import render_to_string

from quizzes.selectors import course_quiz_results, quiz_agenda


def home_part(request, *, outlines) -> dict:
    """One query set for every course, and only for a signed-in student."""
    if not request.user.is_authenticated:
        return {}
    todo = quiz_agenda(request.user)
    return {"course": {course_id: render_to_string("quizzes/includes/quiz_todo.html", {"results": results})
                       for course_id, results in todo.items() if results}}


def course_part(request, *, outline) -> dict:
    results = course_quiz_results(outline.course, request.user)
    chapters = {chapter_id: render_to_string("quizzes/includes/chapter_quizzes.html", {"results": chapter})
                for chapter_id, chapter in results.items() if chapter_id is not None and chapter}
    parts = {"chapter": chapters}
    if results.get(None):
        parts["end"] = {None: render_to_string("quizzes/includes/course_quizzes.html", {"results": results[None]})}
    return parts
