"""The student's quiz pages: the quiz, an attempt in progress, submission
and review. Rules live in `quizzes.services`; these views check who is asking,
call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import roles
from lessons.markdown import render_markdown
from lessons.models import Course
from quizzes import selectors, services
from quizzes.attempt_fields import answer_prefix, flag_field
from quizzes.models import Attempt, FeedbackTiming, Quiz
from quizzes.types import get_type
from quizzes.types.base import localized
from quizzes.types.essay import MAX_ESSAY

MAX_POST_FIELDS = 400


def _quiz(request, course, quiz) -> Quiz:
    """A published quiz; or, for the course's authors, a draft too (to preview it)."""
    queryset = Quiz.objects.select_related("course", "chapter")
    if roles.is_instructor(request.user):
        queryset = queryset.filter(Q(published=True) | Q(course__in=Course.objects.authored_by(request.user)))
    else:
        queryset = queryset.published()
    return get_object_or_404(queryset, course__slug=course, slug=quiz)


def _own_attempt(request, pk) -> Attempt:
    """The user's own attempt, or 404 — another student's attempt does not exist for them."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz__course", "user"), pk=pk)
    if attempt.user_id != request.user.pk:
        raise Http404
    return attempt


@login_required
def quiz_detail(request, course, quiz):
    quiz = _quiz(request, course, quiz)
    summary = selectors.quiz_summary(quiz, request.user)
    return render(request, "quizzes/quiz.html", {"quiz": quiz.localize(), "summary": summary})


@login_required
@require_POST
def quiz_start(request, course, quiz):
    quiz = _quiz(request, course, quiz)
    preview = request.POST.get("preview") == "1"
    # A preview skips the dates and shows the key at once: for the course's authors only.
    if preview and not Course.objects.authored_by(request.user).filter(pk=quiz.course_id).exists():
        raise PermissionDenied(_("Only the authors of this course can preview its quizzes."))
    try:
        attempt = services.attempt_start(quiz=quiz, user=request.user, preview=preview)
    except services.QuizRuleError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    return redirect(attempt)


def _items(attempt: Attempt, errors=None, show_checked=True) -> list[dict]:
    items = []
    responses = list(attempt.responses.all())
    incomplete = selectors.attempt_incomplete_warnings(responses)
    for response in responses:
        qtype = get_type(response.snapshot["type"])
        snapshot = localized(response.snapshot)  # the reader's edition: same tokens, same answers
        item = {
            "position": response.position, "prefix": answer_prefix(response.position), "template": qtype.template,
            "type": snapshot["type"], "stem_html": snapshot["stem_html"],
            "points": snapshot["points"], "answered": response.answer is not None,
            "public": qtype.public(snapshot, response.shown, response.answer),
            "error": (errors or {}).get(response.position), "checked": False,
            "incomplete": incomplete.get(response.position, ""),
            "flagged": response.flagged, "flag_field": flag_field(response.position),
        }
        if show_checked and response.checked_at is not None:
            # Immediate feedback: this one answer has been checked and is final.
            item.update(checked=True, fraction=response.fraction,
                        explanation_html=snapshot["explanation_html"],
                        key_text=qtype.describe_key(snapshot),
                        lesson_url=snapshot["lesson_url"])
        items.append(item)
    return items


@login_required
def attempt_detail(request, pk):
    attempt = _own_attempt(request, pk)
    if not attempt.is_open or services.attempt_expire_if_due(attempt):
        if not attempt.is_open and attempt.submitted_at and attempt.deadline_at \
                and attempt.submitted_at >= attempt.deadline_at:
            messages.info(request, _("Time ran out: your saved answers were submitted."))
        return redirect("quizzes:review", pk=attempt.pk)
    return _render_attempt(request, attempt)


def _render_attempt(request, attempt, errors=None, status=200):
    items = _items(attempt, errors)
    return render(request, "quizzes/attempt.html", {
        "attempt": attempt, "quiz": attempt.quiz.localize(), "items": items,
        "time_left": selectors.attempt_time_left(attempt),
        "immediate": attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATE,
        "unanswered": sum(1 for i in items if not i["answered"]),
        "answered": sum(1 for i in items if i["answered"]),
        "has_essay": any(i["type"] == "essay" for i in items),
    }, status=status)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@login_required
@require_POST
def attempt_save(request, pk):
    """Save answers: autosave (fetch), the Save button, reorder buttons,
    immediate-feedback checks, and the way into submission."""
    attempt = _own_attempt(request, pk)
    if len(request.POST) > MAX_POST_FIELDS:
        return JsonResponse({"error": _("Too many fields.")}, status=400) if _wants_json(request) \
            else render(request, "400.html", status=400)
    checks = []
    for key in request.POST:
        if key.startswith("check-") and key[6:].isdigit():
            checks.append(int(key[6:]))
    try:
        errors = services.attempt_save(attempt=attempt, data=request.POST, check_positions=checks)
    except services.QuizRuleError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error), "closed": True,
                                 "review": reverse("quizzes:review", args=[attempt.pk])}, status=409)
        messages.error(request, str(error))
        return redirect("quizzes:review", pk=attempt.pk)
    if _wants_json(request):
        responses = list(attempt.responses.all())
        incomplete = selectors.attempt_incomplete_warnings(responses)
        return JsonResponse({"saved": True, "errors": {str(k): v for k, v in errors.items()},
                             "incomplete": {str(k): v for k, v in incomplete.items()},
                             "answered": [r.position for r in responses if r.answer is not None],
                             "flagged": [r.position for r in responses if r.flagged],
                             "time_left": selectors.attempt_time_left(attempt)}, status=400 if errors else 200)
    if errors:
        return _render_attempt(request, attempt, errors, status=400)
    if "finish" in request.POST:
        return redirect("quizzes:submit", pk=attempt.pk)
    moved = next((k for k in request.POST if k.endswith("-move")), None)
    anchor = f"#question-{moved.split('-')[0][1:]}" if moved else (f"#question-{checks[0]}" if checks else "")
    if not moved and not checks:
        messages.success(request, _("Your answers are saved."))
        incomplete = selectors.attempt_incomplete_warnings(attempt.responses.all())
        if incomplete:
            messages.warning(request, ngettext(
                "Question %(questions)s is saved, but its answer is incomplete.",
                "Questions %(questions)s are saved, but their answers are incomplete.", len(incomplete)) % {"questions": ", ".join(map(str, incomplete))})
    return redirect(reverse("quizzes:attempt", args=[attempt.pk]) + anchor)


@login_required
def attempt_submit(request, pk):
    """GET: confirm (listing unanswered questions). POST: submit, once."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_open or services.attempt_expire_if_due(attempt):
        if request.method == "POST":
            messages.error(request, _("This attempt has already been submitted."))
        return redirect("quizzes:review", pk=attempt.pk)
    if request.method == "POST":
        try:
            services.attempt_submit(attempt=attempt)
        except services.QuizRuleError as error:
            messages.error(request, str(error))
        return redirect("quizzes:review", pk=attempt.pk)
    responses = list(attempt.responses.all())
    unanswered = [r.position for r in responses if r.answer is None]
    return render(request, "quizzes/submit.html", {
        "attempt": attempt, "quiz": attempt.quiz, "unanswered": unanswered,
        "flagged": [r.position for r in responses if r.flagged],
        "incomplete": sorted(selectors.attempt_incomplete_warnings(responses)),
        "time_left": selectors.attempt_time_left(attempt)})


@login_required
@require_POST
def attempt_preview(request, pk):
    """The Markdown preview of an essay being written: the pages' own sanitising renderer."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_open:
        return HttpResponseBadRequest(_("This attempt has already been submitted."))
    content = request.POST.get("content", "")
    if len(content) > MAX_ESSAY:
        return HttpResponseBadRequest(_("The text is too long to preview."))
    return HttpResponse(render_markdown(content))


@login_required
def attempt_review(request, pk):
    attempt = _own_attempt(request, pk)
    if attempt.is_open and not services.attempt_expire_if_due(attempt):
        return redirect(attempt)
    attempt.refresh_from_db()
    return render(request, "quizzes/review.html", {
        "attempt": attempt, "quiz": attempt.quiz.localize(),
        "review": selectors.attempt_review(attempt, now=timezone.now()),
    })


@login_required
def progress(request):
    return render(request, "quizzes/progress.html", {"courses": selectors.student_progress(request.user)})
