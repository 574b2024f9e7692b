"""Student-facing pages: home, course outline, lesson reader, glossary,
timeline; joining a class; and the small POSTs the reader makes (complete, time on page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.client_address import client_address
from lessons import selectors, services
from lessons.forms import JoinForm
from lessons.page_parts import page_parts
from lessons.models import Course, DataTable, Lesson, reads_chinese
from lessons.rendering import SPENDING_TABLE, bar_chart, lesson_body


def home(request):
    courses = list(Course.objects.published())
    outlines = [selectors.course_outline(course, request.user) for course in courses]
    return render(request, "lessons/home.html", {
        "outlines": outlines, "parts": page_parts("home", request, outlines=outlines)})


def course_detail(request, course):
    course = get_object_or_404(Course.objects.published(), slug=course)
    outline = selectors.course_outline(course, request.user)
    return render(request, "lessons/course.html", {
        "course": course, "outline": outline, "parts": page_parts("course", request, outline=outline)})


@login_required
@require_POST
def course_enrol(request, course):
    course = get_object_or_404(Course.objects.published(), slug=course)
    services.enrolment_create(user=request.user, course=course)
    messages.success(request, _("You are enrolled in %(course)s.") % {"course": course.title})
    return redirect(course)


def _lesson(course_slug, chapter_slug, lesson_slug) -> Lesson:
    return get_object_or_404(
        Lesson.objects.published().select_related("chapter__course"),
        chapter__course__slug=course_slug, chapter__course__published=True,
        chapter__slug=chapter_slug, slug=lesson_slug)


@login_required
def lesson_detail(request, course, chapter, lesson):
    lesson = _lesson(course, chapter, lesson)
    course = lesson.chapter.course
    services.enrolment_create(user=request.user, course=course)
    progress = services.lesson_open(user=request.user, lesson=lesson)
    lessons = selectors.course_lessons(course)
    previous, following = selectors.neighbours(lessons, lesson)
    for row in (lesson, lesson.chapter, course):
        row.localize()
    rendered = lesson_body(course, lesson.body)
    return render(request, "lessons/lesson.html", {
        "course": course, "lesson": lesson, "body": rendered.html, "toc": rendered.headings,
        "progress": progress, "previous": previous, "next": following,
        "chapter_lessons": [item for item in lessons if item.chapter_id == lesson.chapter_id],
    })


@login_required
@require_POST
def lesson_complete(request, course, chapter, lesson):
    lesson = _lesson(course, chapter, lesson)
    if request.POST.get("undo"):
        services.lesson_uncomplete(user=request.user, lesson=lesson)
        messages.info(request, _("Marked as not done yet."))
        return redirect(lesson)
    services.lesson_complete(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson marked as done."))
    following = selectors.neighbours(selectors.course_lessons(lesson.chapter.course), lesson)[1]
    return redirect(following or lesson.chapter.course)


@login_required
@require_POST
def lesson_heartbeat(request, course, chapter, lesson):
    """Time on the page, sent by the reader every 30 s while visible and active."""
    lesson = _lesson(course, chapter, lesson)
    try:
        seconds = int(request.POST.get("seconds", ""))
    except ValueError:
        return HttpResponseBadRequest(_("seconds must be a whole number"))
    progress = services.lesson_record_time(user=request.user, lesson=lesson, seconds=seconds)
    return JsonResponse({"seconds_spent": progress.seconds_spent})


def _localized(row):
    """A glossary, timeline or table row and the lesson it links to, in the reader's edition."""
    if row.lesson_id:
        row.lesson.localize()
    return row.localize()


def glossary(request, course):
    course = get_object_or_404(Course.objects.published(), slug=course)
    index = selectors.glossary_index(course, request.GET.get("q", ""))
    for group in index["groups"]:
        group["terms"] = [_localized(term) for term in group["terms"]]
    return render(request, "lessons/glossary.html", {"course": course.localize(), **index,
                                                     "chinese_edition": reads_chinese()})


def timeline(request, course):
    course = get_object_or_404(Course.objects.published(), slug=course)
    timeline = selectors.timeline_years(course, request.GET.get("q", ""))
    for year in timeline["years"]:
        year["events"] = [_localized(event) for event in year["events"]]
    return render(request, "lessons/timeline.html", {"course": course.localize(), **timeline})


def figures(request, course):
    """The thesis's tables, its spending charts and the map, in one place."""
    course = get_object_or_404(Course.objects.published(), slug=course)
    tables = [_localized(table) for table in DataTable.objects.filter(course=course)
              .select_related("lesson__chapter__course")]
    course.localize()
    charts = [
        {"table": table, "column": column, "chart": bar_chart(table, column)}
        for table in tables if table.slug == SPENDING_TABLE for column in table.columns[1:]
    ]
    return render(request, "lessons/figures.html", {"course": course, "tables": tables, "charts": charts})


@login_required
def join(request):
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            enrolment, joined = services.cohort_join_status(
                user=request.user, code=form.cleaned_data["code"], address=client_address(request))
        except services.JoinError as error:
            form.add_error("code", str(error))
            status = 429 if isinstance(error, services.JoinLimited) else 200
        else:
            if joined:
                messages.success(request, _("You joined %(cohort)s.") % {"cohort": enrolment.cohort})
            else:
                messages.info(request, _("You are already in %(cohort)s.") % {"cohort": enrolment.cohort})
            return redirect(enrolment.course)
    return render(request, "lessons/join.html", {"form": form}, status=status)
