"""The grading queue in the instructor area: a quiz's essay answers, the
grading page of one (the answer beside the rubric, "Save and next"), and
releasing the quiz's grades. For the course's authors, as the rest of /teach/."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.converters import posted_id
from core import roles
from lessons.markdown import render_markdown
from lessons.models import Course
from quizzes import grading_queue as queue
from quizzes.models import Quiz, Response
from quizzes.types.essay import GradingError, essay_claim, essay_grade, quiz_release


def _course(request, slug) -> Course:
    course = Course.objects.authored_by(request.user).filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def _filters(request) -> dict:
    get = request.GET
    return {"status": get.get("status") if get.get("status") in queue.FILTERS else "needs",
            "order": get.get("order") if get.get("order") in queue.ORDERS else "submitted",
            "question": get.get("question", "")[:100], "names": get.get("names") == "1"}


def _seed(request) -> str:
    """The random order stays the same for one grader's session, so "next" means something."""
    if "grading_seed" not in request.session:
        request.session["grading_seed"] = secrets.token_hex(8)
    return request.session["grading_seed"]


def _query(filters: dict) -> str:
    return urlencode({"status": filters["status"], "order": filters["order"], "question": filters["question"],
                      "names": "1" if filters["names"] else "0"})


@roles.instructor_required
def grading_queue(request, course, quiz):
    course = _course(request, course)
    quiz = get_object_or_404(Quiz, course=course, slug=quiz)
    filters = _filters(request)
    rows = queue.grading_queue(quiz, status=filters["status"], order=filters["order"], question=filters["question"],
                               seed=_seed(request))
    return render(request, "quizzes/grading/queue.html", {
        "course": course, "quiz": quiz, "rows": rows, "filters": filters, "query": _query(filters),
        "counts": queue.queue_counts(quiz), "questions": queue.essay_questions(quiz),
        "filter_choices": [("needs", _("Needs grading")), ("graded", _("Graded")), ("all", _("All"))]})


@roles.instructor_required
def grading_answer(request, course, response):
    course = _course(request, course)
    response = get_object_or_404(
        Response.objects.select_related("attempt__quiz", "attempt__user", "essay_grade"),
        pk=response, attempt__quiz__course=course, attempt__is_preview=False, attempt__submitted_at__isnull=False,
        snapshot__type="essay")
    quiz = response.attempt.quiz
    filters = _filters(request)
    query = _query(filters)
    item = queue.grading_item(response)
    error = ""
    if request.method == "POST":
        rubric = item["rubric"]
        levels, comments = {}, {}
        for criterion in (rubric or {}).get("criteria", []):
            value = posted_id(request.POST.get(f"level-{criterion['slug']}", ""))
            if value is not None:
                levels[criterion["slug"]] = value
            comments[criterion["slug"]] = request.POST.get(f"comment-{criterion['slug']}", "")
        points = None
        if not rubric:
            try:
                points = float(request.POST.get("points", ""))
            except ValueError:
                points = None
        try:
            essay_grade(response=response, grader=request.user, levels=levels, points=points, comments=comments,
                        comment=request.POST.get("comment", ""))
        except GradingError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Grade saved."))
            if "next" in request.POST:
                rows = queue.grading_queue(quiz, status="needs", order=filters["order"],
                                           question=filters["question"], seed=_seed(request))
                following = next((r.response.pk for r in rows if r.response.pk != response.pk and not r.claimed_by),
                                 None)
                if following:
                    return redirect(reverse("authoring:grading-answer", args=[course.slug, following]) + "?" + query)
                messages.info(request, _("No answer left to grade here."))
            return redirect(reverse("authoring:grading-queue", args=[course.slug, quiz.slug]) + "?" + query)
        response.refresh_from_db()
        item = queue.grading_item(response)
    claim_error = ""
    grade = item["grade"]
    try:
        if grade is None:  # a graded answer is not locked by looking at it; changing it checks the claim
            essay_claim(response=response, grader=request.user)
    except GradingError as problem:
        claim_error = str(problem)
    user = response.attempt.user
    return render(request, "quizzes/grading/answer.html", {
        "course": course, "quiz": quiz, "response": response, "filters": filters, "query": query,
        "name": (user.get_full_name() or user.get_username()) if filters["names"] else queue.pseudonym(quiz.pk, user.pk),
        "answer_html": render_markdown((response.answer or {}).get("text", "")),
        "snapshot": response.snapshot, "rubric": item["rubric"], "grade": grade, "changes": item["changes"],
        "chosen": (grade.levels if grade else {}) if not request.method == "POST" else {
            k[6:]: posted_id(v) for k, v in request.POST.items() if k.startswith("level-") and posted_id(v) is not None},
        "error": error, "claim_error": claim_error,
    }, status=400 if error else 200)


@roles.instructor_required
@require_POST
def grading_release(request, course, quiz):
    course = _course(request, course)
    quiz = get_object_or_404(Quiz, course=course, slug=quiz)
    released = quiz_release(quiz=quiz)
    messages.success(request, _("%(n)s graded attempts released to their students.") % {"n": released})
    return redirect("authoring:grading-queue", course=course.slug, quiz=quiz.slug)
