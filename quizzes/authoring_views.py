"""The instructor area: quizzes, the question bank, import and export, and
the course's authors.

Every view but the home page first finds the course among those the user
authors (`Course.objects.authored_by`; 404 otherwise): teaching a class of a
course is not enough. Students and anonymous users never get that far (403 /
login)."""

import json
import random

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.converters import posted_id
from core import roles
from lessons import services as lesson_services
from lessons.models import Cohort, Course
from quizzes import admin_actions, exchange, selectors, services, tasks
from quizzes.authoring_forms import (
    AuthorAddForm, BankFilterForm, ImportForm, QuestionForm, QuizForm, build_draft, initial_fields, initial_parts, parts_formset,
    question_problems, typed_so_far,
)
from quizzes.drafts import MAX_PARTS, draft_from_question, empty_draft
from quizzes.models import Attempt, Question, Quiz
from quizzes.types import REGISTRY, get_type, type_choices

PAGE_SIZE = 25


def _course(request, slug) -> Course:
    course = Course.objects.authored_by(request.user).filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def _quiz(course, slug) -> Quiz:
    return get_object_or_404(Quiz.objects.select_related("course", "chapter"), course=course, slug=slug)


def _question(course, slug) -> Question:
    return get_object_or_404(Question.objects.prefetch_related(
        "options", "ordering_items", "match_pairs", "accepted_answers", "tags").select_related(
        "lesson", "date_key"), course=course, slug=slug)


def _query(request) -> str:
    """The picker's filters the form carried, re-encoded (never raw text into a Location header)."""
    return QueryDict(request.POST.get("query", "")).urlencode()


def _dashboard_url() -> str:
    try:
        return reverse("dashboard:classes")
    except NoReverseMatch:
        return ""


@roles.instructor_required
def home(request):
    courses = selectors.courses_authored(request.user)
    cohorts = Cohort.objects.taught_by(request.user).select_related("course")
    return render(request, "quizzes/authoring/home.html", {
        "courses": courses, "cohorts": cohorts, "dashboard_url": _dashboard_url()})


@roles.instructor_required
def quiz_list(request, course):
    course = _course(request, course)
    quizzes = course.quizzes.select_related("chapter").annotate(
        fixed=Count("quiz_questions", distinct=True), attempt_count=Count("attempts", distinct=True))
    return render(request, "quizzes/authoring/quiz_list.html", {"course": course, "quizzes": quizzes})


@roles.instructor_required
def quiz_create(request, course):
    course = _course(request, course)
    form = QuizForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        quiz = form.save()
        messages.success(request, _("Quiz created. Add questions, preview it, then publish it."))
        return redirect("authoring:quiz-edit", course=course.slug, quiz=quiz.slug)
    return render(request, "quizzes/authoring/quiz_form.html", {"course": course, "form": form})


@roles.instructor_required
def quiz_edit(request, course, quiz):
    course = _course(request, course)
    quiz = _quiz(course, quiz)
    form = QuizForm(request.POST or None, instance=quiz, course=course)
    if request.method == "POST" and form.is_valid():
        quiz = form.save()
        messages.success(request, _("Settings saved."))
        return redirect("authoring:quiz-edit", course=course.slug, quiz=quiz.slug)
    in_quiz = list(quiz.quiz_questions.select_related("question").order_by("position"))
    filters = BankFilterForm(request.GET or None, course=course, prefix="bank")
    available = filters.filter(Question.objects.filter(course=course, archived=False).exclude(
        pk__in=[row.question_id for row in in_quiz])).select_related("lesson__chapter").order_by("topic", "slug")
    picker = Paginator(available, PAGE_SIZE).get_page(request.GET.get("bank-page"))
    query = request.GET.copy()
    query.pop("bank-page", None)
    return render(request, "quizzes/authoring/quiz_form.html", {
        "course": course, "quiz": quiz, "form": form, "in_quiz": in_quiz, "filters": filters, "picker": picker,
        "picker_query": query.urlencode(), "has_attempts": selectors.quiz_has_attempts(quiz),
        "publish_problems": [] if quiz.published else selectors.quiz_publish_problems(quiz)})


def _say_hidden(request, quizzes) -> None:
    for quiz in quizzes:
        messages.warning(request, _("“%(quiz)s” has no questions left, so students no longer see it: add questions "
                                    "and publish it again.") % {"quiz": quiz.title})


@roles.instructor_required
@require_POST
def quiz_questions(request, course, quiz):
    """Add questions from the bank (one, or every ticked one), remove or move one of the quiz's fixed questions."""
    course = _course(request, course)
    quiz = _quiz(course, quiz)
    back = reverse("authoring:quiz-edit", kwargs={"course": course.slug, "quiz": quiz.slug})
    action, _sep, value = request.POST.get("action", "").partition(":")
    if action == "add":
        ids = [number for v in ([value] if value else request.POST.getlist("question"))
               if (number := posted_id(v)) is not None]
        if not ids:
            messages.error(request, _("Tick the questions to add first."))
            return redirect(f"{back}?{_query(request)}#picker")
        added = services.quiz_questions_add(quiz=quiz, question_ids=ids)
        messages.success(request, ngettext("%(n)s question added.", "%(n)s questions added.", added) % {"n": added})
        if quiz.time_limit_minutes and Question.objects.filter(
                pk__in=ids, course=course, type__in=selectors.question_types_manual()).exists():
            messages.error(request, _("A timed quiz holds no essays: a person grades them, and time would run out."))
        return redirect(f"{back}?{_query(request)}#questions")
    question_id = posted_id(value or request.POST.get("question", ""))
    if question_id is None:
        messages.error(request, _("Choose a question."))
        return redirect("authoring:quiz-edit", course=course.slug, quiz=quiz.slug)
    if action == "remove":
        _say_hidden(request, services.quiz_question_remove(quiz=quiz, question_id=question_id))
    elif action in ("up", "down"):
        services.quiz_question_move(quiz=quiz, question_id=question_id, direction=action)
    return redirect(f"{back}?{_query(request)}#questions")


@roles.instructor_required
@require_POST
def quiz_publish(request, course, quiz):
    course = _course(request, course)
    quiz = _quiz(course, quiz)
    publish = request.POST.get("published") == "1"
    try:
        services.quiz_set_published(quiz=quiz, published=publish)
    except services.PublishError as error:
        messages.error(request, _("The quiz was not published. %(problems)s") % {"problems": error})
    else:
        messages.success(request, _("The quiz is published.") if publish else _("The quiz is hidden from students."))
    return redirect("authoring:quiz-edit", course=course.slug, quiz=quiz.slug)


@roles.instructor_required
@require_POST
def quiz_duplicate(request, course, quiz):
    course = _course(request, course)
    copy = services.quiz_duplicate(quiz=_quiz(course, quiz))
    messages.success(request, _("Copied. The copy is not published."))
    return redirect("authoring:quiz-edit", course=course.slug, quiz=copy.slug)


@roles.instructor_required
def question_list(request, course):
    course = _course(request, course)
    filters = BankFilterForm(request.GET or None, course=course)
    questions = filters.filter(Question.objects.filter(course=course, archived=False)).select_related(
        "lesson__chapter").order_by("topic", "slug")
    export = request.GET.get("export")
    if export in ("gift", "json"):
        return _download(course, questions.prefetch_related(
            "options", "ordering_items", "match_pairs", "accepted_answers", "tags"), export, "bank")
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "quizzes/authoring/question_list.html", {
        "course": course, "filters": filters, "page": page, "query": query.urlencode(),
        "types": type_choices()})


def _download(course, questions, fmt, name) -> HttpResponse:
    files = exchange.export_files(questions)
    extension = "gift.txt" if fmt == "gift" else "json"
    response = HttpResponse(files[fmt], content_type="application/json" if fmt == "json" else "text/plain",
                            charset="utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-{name}.{extension}"'
    return response


@roles.instructor_required
def quiz_export(request, course, quiz):
    course = _course(request, course)
    quiz = _quiz(course, quiz)
    # A drawn quiz exports the bank it draws from; a fixed one its own list.
    pool = selectors.quiz_pool(quiz) if quiz.draw_count else Question.objects.filter(
        pk__in=quiz.quiz_questions.values_list("question_id", flat=True))
    questions = pool.prefetch_related(
        "options", "ordering_items", "match_pairs", "accepted_answers", "tags").select_related("lesson", "date_key")
    fmt = "json" if request.GET.get("format") == "json" else "gift"
    return _download(course, questions, fmt, quiz.slug)


def _question_page(request, course, qtype, question=None):
    headings = selectors.lesson_headings(course)
    if request.method == "POST" and ("add-row" in request.POST or "remove-row" in request.POST):
        return _rows_changed(request, course, qtype, question, headings)
    draft = draft_from_question(question) if question else empty_draft(qtype)
    form = QuestionForm(request.POST or None, course=course, qtype=qtype, headings=headings,
                        initial=None if request.POST else initial_fields(draft))
    formset = parts_formset(qtype, request.POST or None, initial=None if request.POST else initial_parts(draft))
    problems = []
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        draft = build_draft(form, formset, qtype)
        problems = question_problems(draft, course, question)
        if not problems:
            saved = services.question_save(course=course, draft=draft, question=question)
            if question is not None and selectors.question_has_attempts(saved):
                messages.success(request, _("Question saved. Quizzes already attempted keep the version their "
                                            "students saw; new attempts get this one."))
            else:
                messages.success(request, _("Question saved."))
            return redirect("authoring:question-edit", course=course.slug, question=saved.slug)
    status = 400 if request.method == "POST" else 200
    return _question_render(request, course, qtype, question, form, formset, problems, headings, status)


def _rows_changed(request, course, qtype, question, headings):
    """The editor again with one row more or fewer, keeping what was typed
    (the path without JavaScript; nothing is saved or checked)."""
    typed = typed_so_far(QuestionForm(request.POST, course=course, qtype=qtype, headings=headings))
    bound = parts_formset(qtype, request.POST)
    rows = [typed_so_far(part) for part in bound.forms] if bound is not None else []
    removed = posted_id(request.POST.get("remove-row", ""))
    if removed is not None and removed < len(rows):
        rows.pop(removed)
    elif "add-row" in request.POST and len(rows) < MAX_PARTS:
        rows.append({})
    form = QuestionForm(course=course, qtype=qtype, headings=headings, initial=typed)
    formset = parts_formset(qtype, initial=rows, rows=len(rows))
    return _question_render(request, course, qtype, question, form, formset, [], headings, 200)


def _question_render(request, course, qtype, question, form, formset, problems, headings, status):
    return render(request, "quizzes/authoring/question_form.html", {
        "course": course, "question": question, "qtype": qtype, "type_label": get_type(qtype).label,
        "form": form, "formset": formset, "problems": problems, "headings_json": json.dumps(headings), "max_parts": MAX_PARTS,
        "has_attempts": question is not None and selectors.question_has_attempts(question)}, status=status)


@roles.instructor_required
def question_create(request, course, qtype):
    course = _course(request, course)
    if qtype not in REGISTRY:
        raise Http404
    return _question_page(request, course, qtype)


@roles.instructor_required
def question_edit(request, course, question):
    course = _course(request, course)
    question = _question(course, question)
    return _question_page(request, course, question.type, question)


@roles.instructor_required
def question_preview(request, course, question):
    """The question as a student sees it in an attempt: its snapshot shown
    through the type's own presentation (shuffled, under fresh tokens), never its key."""
    course = _course(request, course)
    question = _question(course, question)
    qtype = get_type(question.type)
    snapshot = qtype.snapshot(question)
    shown = qtype.present(snapshot, random.Random())
    return render(request, "quizzes/authoring/question_preview.html", {
        "course": course, "question": question, "stem_html": snapshot["stem_html"], "points": snapshot["points"],
        "template": qtype.template, "public": qtype.public(snapshot, shown, None)})


@roles.instructor_required
def question_import(request, course):
    """Step 1: a file or text → a preview with each question's errors and line.
    Step 2 (confirm): the same text is posted back and the good questions saved."""
    course = _course(request, course)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        parsed = exchange.questions_preview(form.cleaned_data["text"], course=course, fmt=form.cleaned_data["format"])
        # With nothing importable (the file changed, or was over the cap) a confirm shows the preview again.
        if request.POST.get("confirm") == "1" and any(p.draft is not None for p in parsed):
            created = tasks.done(tasks.questions_import.enqueue(course.pk, form.cleaned_data["text"],
                                                               form.cleaned_data["format"]))
            if created is None:
                messages.info(request, _("The import runs in the background: its questions join the bank when "
                                         "it is done."))
            else:
                messages.success(request, _("%(n)s question(s) imported.") % {"n": created})
            return redirect("authoring:question-list", course=course.slug)
    return render(request, "quizzes/authoring/import.html", {
        "course": course, "form": form, "parsed": parsed, "limits": exchange.import_limits(),
        "good": sum(1 for p in parsed or [] if p.draft is not None)})


@roles.instructor_required
def course_authors(request, course):
    """The course's authors; an author adds a co-author by username."""
    course = _course(request, course)
    form = AuthorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = lesson_services.course_author_add(course=course, username=form.cleaned_data["username"])
        except lesson_services.AuthorError as error:
            form.add_error("username", str(error))
        else:
            messages.success(request, _("%(name)s is now an author of this course.") % {"name": user.username})
            return redirect("authoring:course-authors", course=course.slug)
    return render(request, "quizzes/authoring/course_authors.html", {
        "course": course, "form": form, "authors": course.authors.order_by("username")},
        status=400 if form.errors else 200)


@roles.instructor_required
@require_POST
def course_author_remove(request, course, user_id):
    course = _course(request, course)
    try:
        user = lesson_services.course_author_remove(course=course, user_id=user_id)
    except lesson_services.AuthorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer an author of this course.") % {"name": user.username})
        if not Course.objects.authored_by(request.user).filter(pk=course.pk).exists():
            return redirect("authoring:home")  # they removed themselves
    return redirect("authoring:course-authors", course=course.slug)


def regrade_page(request, attempts, *, heading: str, back: str, back_label: str):
    """Regrade attempts with their questions' current keys: GET previews each
    score's old → new (the admin's plans), a POST with confirm=1 applies them."""
    if request.method == "POST" and request.POST.get("confirm") == "1":
        applied = tasks.done(tasks.attempts_regrade.enqueue(list(attempts.values_list("pk", flat=True)),
                                                            request.user.pk))
        if applied is None:
            messages.info(request, _("The regrade runs in the background: the scores change when it is done."))
        else:
            messages.success(request, ngettext("Regraded %(n)s attempt.", "Regraded %(n)s attempts.", applied)
                             % {"n": applied})
        return redirect(back)
    plans = admin_actions.regrade_plans(attempts)
    return render(request, "quizzes/authoring/regrade.html", {
        "plans": plans, "heading": heading, "back": back, "back_label": back_label,
        "to_change": sum(1 for plan in plans if plan.changed)})


@roles.instructor_required
def quiz_regrade(request, course, quiz):
    """Every attempt at the quiz, for its course's authors."""
    course = _course(request, course)
    quiz = _quiz(course, quiz)
    back = reverse("authoring:quiz-edit", kwargs={"course": course.slug, "quiz": quiz.slug})
    return regrade_page(request, Attempt.objects.counted().filter(quiz=quiz).order_by("user__username", "number"),
                        heading=_("Regrade “%(quiz)s”") % {"quiz": quiz.title}, back=back, back_label=quiz.title)


@roles.instructor_required
@require_POST
def question_delete(request, course, question):
    course = _course(request, course)
    question = _question(course, question)
    archived, hidden = services.question_delete(question=question)
    if archived:
        messages.success(request, _("“%(q)s” was archived: it has left the bank and every quiz, and past attempts "
                                    "keep it.") % {"q": question.slug})
    else:
        messages.success(request, _("“%(q)s” was deleted.") % {"q": question.slug})
    _say_hidden(request, hidden)
    return redirect("authoring:question-list", course=course.slug)
