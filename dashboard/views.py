"""The instructor's pages: their classes, a class's overview, progress matrix
and roster, one student, one quiz's report, the CSV exports, and the POSTs
that change a class or help a student. Each view checks who is asking, calls
a selector or a service, and renders; an instructor only ever finds their own
classes (another's class is a 404, a student gets a 403)."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboard import charts, selectors
from dashboard.forms import AccommodationForm, CohortCreateForm, InstructorAddForm
from core import roles
from lessons import csv_export, services as lesson_services
from lessons.models import Cohort
from quizzes import services as quiz_services
from quizzes.authoring_views import regrade_page
from quizzes.models import Attempt, Quiz

MATRIX_PAGE_SIZE = 100
ROSTER_PAGE_SIZE = 100
SORTS = ("name", "progress", "score")


def _language(request) -> str:
    """The edition the dashboards keep attempts of ("" for both; anything else is both too)."""
    language = request.GET.get("language", "")
    return language if language in dict(settings.LANGUAGES) else ""


def _cohort(request, pk) -> Cohort:
    return get_object_or_404(Cohort.objects.taught_by(request.user).select_related("course"), pk=pk)


def _student(cohort, user_id) -> selectors.Student:
    student = selectors.class_student(cohort, user_id)
    if student is None:
        raise Http404
    return student


@roles.instructor_required
def classes(request):
    form = CohortCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = lesson_services.cohort_create(course=form.cleaned_data["course"], name=form.cleaned_data["name"],
                                                   instructor=request.user)
        except lesson_services.CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Class “%(name)s” created. Its join code is %(code)s.") % {
                "name": cohort.name, "code": cohort.join_code})
            return redirect("dashboard:roster", pk=cohort.pk)
    return render(request, "dashboard/classes.html", {"classes": selectors.instructor_classes(request.user),
                                                      "form": form})


@roles.instructor_required
def overview(request, pk):
    cohort = _cohort(request, pk)
    language = _language(request)
    data = selectors.class_overview_cached(cohort, language=language)
    # Translators: a date format (Django's date filter) for the activity chart's day labels.
    day_label = _("d M")
    activity_chart = charts.column_chart(
        [(formats.date_format(day["day"], day_label), day["active"]) for day in data["activity"]], label_every=5)
    return render(request, "dashboard/overview.html", {
        "cohort": cohort, "tab": "overview", "data": data, "activity_chart": activity_chart,
        "language": language, "language_filter": True})


@roles.instructor_required
def matrix(request, pk):
    cohort = _cohort(request, pk)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    descending = request.GET.get("dir") == "desc"
    status = request.GET.get("status", "")
    language = _language(request)
    data, page = selectors.progress_matrix_page(cohort, sort=sort, descending=descending, status=status,
                                                language=language, page=request.GET.get("page"),
                                                per_page=MATRIX_PAGE_SIZE)
    return render(request, "dashboard/matrix.html", {
        "cohort": cohort, "tab": "matrix", "data": data, "page": page, "sort": sort, "descending": descending,
        "status": status, "language": language, "language_filter": True})


@roles.instructor_required
def roster(request, pk):
    cohort = _cohort(request, pk)
    page = Paginator(selectors.class_students(cohort), ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboard/roster.html", {
        "cohort": cohort, "tab": "roster", "page": page,
        "instructors": selectors.class_instructors(cohort), "form": InstructorAddForm()})


@roles.instructor_required
@require_POST
def regenerate_code(request, pk):
    cohort = _cohort(request, pk)
    code = lesson_services.cohort_regenerate_code(cohort=cohort)
    messages.success(request, _("New join code: %(code)s. The old code no longer works.") % {"code": code})
    return redirect("dashboard:roster", pk=cohort.pk)


@roles.instructor_required
@require_POST
def remove_student(request, pk, user_id):
    cohort = _cohort(request, pk)
    student = _student(cohort, user_id)
    lesson_services.cohort_remove_student(cohort=cohort, user=student.id)
    messages.success(request, _("%(name)s was removed from the class. Their progress is kept.") % {
        "name": student.name})
    return redirect("dashboard:roster", pk=cohort.pk)


@roles.instructor_required
@require_POST
def add_instructor(request, pk):
    cohort = _cohort(request, pk)
    form = InstructorAddForm(request.POST)
    if form.is_valid():
        try:
            user = lesson_services.cohort_add_instructor(cohort=cohort, username=form.cleaned_data["username"])
        except lesson_services.CohortError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s now teaches this class.") % {"name": user.username})
    return redirect("dashboard:roster", pk=cohort.pk)


@roles.instructor_required
def student(request, pk, user_id):
    cohort = _cohort(request, pk)
    language = _language(request)
    detail = selectors.student_detail(cohort, _student(cohort, user_id), language=language)
    return render(request, "dashboard/student.html", {"cohort": cohort, "tab": "matrix", "detail": detail,
                                                      "language": language, "language_filter": True})


@roles.instructor_required
@require_POST
def accommodate(request, pk, user_id):
    """Grant extra time or an extra attempt on one quiz to one student."""
    cohort = _cohort(request, pk)
    student = _student(cohort, user_id)
    form = AccommodationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a whole number of minutes or attempts."))
        return redirect("dashboard:student", pk=cohort.pk, user_id=student.id)
    quiz = get_object_or_404(Quiz, pk=form.cleaned_data["quiz"], course_id=cohort.course_id)
    try:
        quiz_services.accommodation_grant(
            quiz=quiz, user=get_user_model().objects.get(pk=student.id), granted_by=request.user, extra_minutes=form.cleaned_data["extra_minutes"],
            extra_attempts=form.cleaned_data["extra_attempts"], note=form.cleaned_data["note"])
    except quiz_services.QuizRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Granted to %(name)s on “%(quiz)s”.") % {"name": student.name,
                                                                           "quiz": quiz.title})
    return redirect("dashboard:student", pk=cohort.pk, user_id=student.id)


@roles.instructor_required
@require_POST
def reset_attempt(request, pk, attempt_id):
    cohort = _cohort(request, pk)
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id,
                                quiz__course_id=cohort.course_id)
    _student(cohort, attempt.user_id)
    try:
        quiz_services.attempt_reset(attempt=attempt, reset_by=request.user, note=request.POST.get("note", "")[:200])
    except quiz_services.QuizRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Attempt %(number)s at “%(quiz)s” was reset.") % {
            "number": attempt.number, "quiz": attempt.quiz.title})
    return redirect("dashboard:student", pk=cohort.pk, user_id=attempt.user_id)


@roles.instructor_required
def regrade(request, pk, quiz_id=None, attempt_id=None):
    """Regrade with the questions' current keys, from the quiz report (every
    attempt the class's students made at the quiz) or from a student's page
    (one attempt): preview old → new, then apply."""
    cohort = _cohort(request, pk)
    if attempt_id is not None:
        attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id,
                                    quiz__course_id=cohort.course_id)
        student = _student(cohort, attempt.user_id)
        attempts = Attempt.objects.filter(pk=attempt.pk)
        heading = _("Regrade attempt %(n)s of %(name)s at “%(quiz)s”") % {
            "n": attempt.number, "name": student.name, "quiz": attempt.quiz.title}
        back = reverse("dashboard:student", kwargs={"pk": cohort.pk, "user_id": student.id})
        back_label = student.name
    else:
        quiz = get_object_or_404(Quiz, pk=quiz_id, course_id=cohort.course_id)
        attempts = selectors.quiz_attempts(cohort, quiz)
        heading = _("Regrade “%(quiz)s” for %(cohort)s") % {"quiz": quiz.title, "cohort": cohort.name}
        back = reverse("dashboard:quiz-report", kwargs={"pk": cohort.pk, "quiz_id": quiz.pk})
        back_label = quiz.title
    return regrade_page(request, attempts, heading=heading, back=back, back_label=back_label)


@roles.instructor_required
def quiz_report(request, pk, quiz_id):
    cohort = _cohort(request, pk)
    quiz = get_object_or_404(Quiz, pk=quiz_id, course_id=cohort.course_id)
    language = _language(request)
    report = selectors.quiz_report_cached(cohort, quiz, language=language)
    chart = charts.column_chart([(row["label"], row["count"]) for row in report["distribution"]])
    return render(request, "dashboard/quiz_report.html", {
        "cohort": cohort, "tab": "overview", "report": report, "chart": chart,
        "language": language, "language_filter": True})


def _filename(cohort, what: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"{slugify(cohort.name) or 'class'}-{what}-{stamp}.csv"


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value):
        return value


@roles.instructor_required
def export_grades(request, pk):
    cohort = _cohort(request, pk)
    header, rows = selectors.grades_table(cohort)
    # The byte-order mark tells spreadsheet programs the file is UTF-8, so
    # Chinese names open correctly instead of as mojibake.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(cohort, "grades")}"'
    response.write("\ufeff")
    writer = csv_export.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@roles.instructor_required
def export_responses(request, pk):
    cohort = _cohort(request, pk)
    writer = csv_export.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(selectors.responses_header())
        for row in selectors.responses_rows(cohort):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(cohort, "responses")}"'
    return response
