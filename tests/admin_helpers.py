"""Helpers for driving admin pages in tests."""

import io

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from core import roles
from lessons.models import Course, Enrolment, Lesson
from lessons.services import lesson_complete, lesson_open
from quizzes.models import Accommodation, Question
from quizzes.services import attempt_reset, attempt_save, attempt_start, attempt_submit
from review.models import Card, Rating
from review.services import card_review, cards_sync, review_settings_update
from tests.factories import make_cohort, make_quiz, make_user


def admin_url(model, view="changelist", *args) -> str:
    from django.urls import reverse

    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def admin_action(client, model, action, objects, **extra):
    """Run a changelist action on the selected objects, as the admin's form posts it."""
    return client.post(admin_url(model), {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra})


def registered():
    """Every (model, model admin) the admin site knows, in a stable order."""
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def load_site_data():
    """The real course from content/, people in every role, a class, progress,
    an accommodation and submitted attempts: a row for every admin page."""
    for name in (roles.STUDENTS, roles.INSTRUCTORS, roles.ADMINISTRATORS):
        Group.objects.get_or_create(name=name)
    call_command("load_course", "content", stdout=io.StringIO())
    course = Course.objects.get()
    superuser = make_user("root", roles.ADMINISTRATORS)
    instructor = make_user("teacher", roles.INSTRUCTORS)
    student = make_user("student")
    cohort = make_cohort(course, instructor)
    Enrolment.objects.create(user=student, course=course, cohort=cohort)
    lessons = list(Lesson.objects.all()[:2])
    lesson_open(user=student, lesson=lessons[0])
    lesson_complete(user=student, lesson=lessons[0])
    lesson_open(user=student, lesson=lessons[1])
    # The course's quizzes all draw from the banks; add one with fixed questions.
    questions = [Question.objects.filter(type=qtype).order_by("slug").first()
                 for qtype in ("single", "multiple", "truefalse", "ordering", "date", "matching", "short")]
    quiz = make_quiz(course, [q for q in questions if q], slug="fixed", title="Fixed questions")
    Accommodation.objects.create(quiz=quiz, user=student, extra_minutes=10, granted_by=superuser, note="Test")
    reset = attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    attempt_reset(attempt=reset, reset_by=instructor, note="Fire alarm")
    attempt = attempt_start(quiz=quiz, user=student, now=timezone.now())
    attempt_save(attempt=attempt, data={})
    attempt_submit(attempt=attempt)
    # An essay answered and graded: rubrics, essay keys, grades and their trail have rows too.
    from quizzes.types.essay import essay_grade
    from tests.quizzes.essays import make_essay, make_rubric
    essays = make_quiz(course, [make_essay(course, lessons[0], make_rubric(course, slug="admin-rubric"),
                                           slug="admin-essay")], slug="essays", title="Essays",
                       release="manual")
    written = attempt_start(quiz=essays, user=student)
    attempt_save(attempt=written, data={"q1": "Russia read NATO's enlargement as a threat."})
    attempt_submit(attempt=written)
    essay_grade(response=written.responses.get(), grader=instructor, levels={"claim": 1, "evidence": 2})
    cards_sync(course=course)
    card_review(user=student, card=Card.objects.order_by("pk").first(), rating=Rating.GOOD, reps_seen=0)
    review_settings_update(user=student, time_zone="Asia/Taipei", new_per_day=10, reviews_per_day=60)
    return {"course": course, "superuser": superuser, "instructor": instructor, "student": student,
            "cohort": cohort, "quiz": quiz, "attempt": attempt}


def form_data(response) -> dict:
    """The POST data a change page would send back unchanged: its form and
    every inline formset with their management forms."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            add(form)
    return data
