"""The daily review: one card a page, answered, then rated Again/Hard/Good/Easy
(the grade suggests a rating; the student may change it, as in Anki). Every
step is a plain form, so the page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.models import Course
from quizzes.types import AnswerError
from review import selectors, services
from review.cards import card_question, question_grade
from review.forms import ReviewSettingsForm
from review.models import Card, Rating, ReviewSettings

TOKEN_SALT = "review.rate"
TOKEN_MAX_AGE = 24 * 3600


def _course(slug) -> Course:
    return get_object_or_404(Course.objects.published(), slug=slug)


def _question(user, card, reps, course):
    events, terms = selectors.choice_pools(course)
    # The order of the choices must not be worked out from what the page shows
    # (the card, the repetition): a keyed hash fixes it between showing and grading.
    seed = salted_hmac("review.choices", f"{card.pk}:{user.pk}:{reps}", algorithm="sha256").hexdigest()
    return card_question(card, seed=seed, events=events, terms=terms)


@login_required
def review_page(request, course):
    course = _course(course)
    now = services.now()
    counts = selectors.due_counts(request.user, now=now, course_ids=[course.pk]).get(course.pk,
                                                                                    selectors.DueCounts())
    card, state = selectors.next_card(request.user, course, counts, now=now)
    context = {"course": course, "counts": counts, "card": card, "now": now}
    if card is None:
        context["next_due"] = selectors.next_due(request.user, course)
    else:
        reps = state.reps if state else 0
        context.update(question=_question(request.user, card, reps, course), reps=reps, is_new=state is None)
    return render(request, "review/review.html", context)


def _posted_card(request, course) -> tuple[Card, int] | None:
    try:
        card_id, reps = int(request.POST.get("card", "")), int(request.POST.get("reps", ""))
    except ValueError:
        return None
    card = selectors.reviewable_cards(request.user, course).filter(pk=card_id).first()
    return (card, reps) if card else None


@login_required
@require_POST
def answer(request, course):
    """Grade the answer and show the right one, with the rating buttons."""
    course = _course(course)
    posted = _posted_card(request, course)
    if posted is None:
        return HttpResponseBadRequest(_("That card is not one of yours to review."))
    card, reps = posted
    question = _question(request.user, card, reps, course)
    try:
        graded = None if request.POST.get("reveal") else question_grade(question, request.POST)
    except AnswerError as error:
        for part in ("year", "month", "day"):
            value = request.POST.get(f"answer-{part}", "").strip()
            setattr(question, part, int(value) if value.isdigit() else None)
        counts = selectors.due_counts(request.user, now=services.now(), course_ids=[course.pk]).get(
            course.pk, selectors.DueCounts())
        return render(request, "review/review.html", {
            "course": course, "counts": counts, "card": card, "question": question, "reps": reps,
            "error": str(error), "posted": request.POST})
    fraction, given = graded if graded else (None, "")
    suggested = Rating.GOOD if fraction == 1.0 else Rating.AGAIN
    token = signing.dumps({"card": card.pk, "reps": reps, "user": request.user.pk, "fraction": fraction,
                           "answer": given}, salt=TOKEN_SALT)
    return render(request, "review/answer.html", {
        "course": course, "card": card, "question": question, "fraction": fraction, "given": given,
        "suggested": int(suggested), "ratings": Rating.choices, "token": token})


@login_required
@require_POST
def rate(request, course):
    course = _course(course)
    try:
        token = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        rating = Rating(int(request.POST.get("rating", "")))
    except (signing.BadSignature, ValueError):
        return HttpResponseBadRequest(_("That rating could not be read. Answer the card again."))
    if token["user"] != request.user.pk:
        return HttpResponseBadRequest(_("That rating could not be read. Answer the card again."))
    card = get_object_or_404(Card, pk=token["card"], course=course)
    try:
        services.card_review(user=request.user, card=card, rating=rating, reps_seen=token["reps"],
                             fraction=token["fraction"], answer=token["answer"], now=services.now())
    except services.ReviewStale as stale:
        messages.info(request, str(stale))
    return redirect("review:course", course=course.slug)


@login_required
def review_settings(request):
    current = ReviewSettings.objects.filter(user=request.user).first() or ReviewSettings(user=request.user)
    form = ReviewSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.review_settings_update(user=request.user, now=services.now(), **form.cleaned_data)
        messages.success(request, _("Review settings saved."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "lessons:home"
        return redirect(target)
    return render(request, "review/settings.html", {"form": form, "next": request.GET.get("next", "")})
