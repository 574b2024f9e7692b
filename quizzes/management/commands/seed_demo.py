"""manage.py seed_demo — demo accounts, a class, some progress and attempts.

Idempotent: accounts, the class and the demo activity are created once;
running it again changes nothing. Development passwords are in the README."""

import random

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core import roles
from lessons import services as lesson_services
from lessons.models import Cohort, Course, LessonProgress
from lessons.selectors import course_lessons
from quizzes import services as quiz_services
from quizzes.models import Attempt, Quiz
from quizzes.types import get_type
from quizzes.types.essay import Essay, current_rubric, essay_grade, quiz_release

DEMO_CODE = "DEMO2008"
ACCOUNTS = [
    ("admin", "casebook-admin", roles.ADMINISTRATORS, "Ada Admin"),
    ("instructor", "casebook-instructor", roles.INSTRUCTORS, "Ivan Instructor"),
    ("student1", "casebook-student", roles.STUDENTS, "Lin Mei-hua"),
    ("student2", "casebook-student", roles.STUDENTS, "Sam Carter"),
    ("student3", "casebook-student", roles.STUDENTS, "Nino Beridze"),
]
# How far each demo student has read, as a share of the lessons.
READING = {"student1": 0.8, "student2": 0.35, "student3": 0.0}


class Command(BaseCommand):
    help = "Create the demo accounts, a class and some student activity (idempotent)."

    def handle(self, *args, **options):
        course = Course.objects.order_by("pk").first()
        if course is None:
            raise CommandError("Load the course first: manage.py load_course content/")
        with transaction.atomic():
            users = {name: self._account(name, password, group, full) for name, password, group, full in ACCOUNTS}
            cohort, created = Cohort.objects.get_or_create(
                join_code=DEMO_CODE, defaults={"course": course, "name": "Demo class: International Security 2026"})
            cohort.instructors.add(users["instructor"])
            course.authors.add(users["instructor"])  # teaching the class alone would not let them author
            for name in READING:
                lesson_services.enrolment_create(user=users[name], course=course, cohort=cohort)
            lessons = course_lessons(course)
            for name, share in READING.items():
                self._reading(users[name], lessons, share)
            self._attempts(users, course)
            self._essays(users, course)
        self.stdout.write(self.style.SUCCESS(
            f"seed_demo: {len(ACCOUNTS)} accounts, class {cohort.name!r} (join code {DEMO_CODE})"))

    def _account(self, username, password, group, full_name):
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": full_name.split()[0], "last_name": " ".join(full_name.split()[1:]),
            "email": f"{username}@example.com"})
        if created:
            user.set_password(password)
            if group == roles.ADMINISTRATORS:
                user.is_staff = user.is_superuser = True
            user.save()
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        return user

    def _reading(self, user, lessons, share):
        if LessonProgress.objects.filter(user=user).exists():
            return
        now = timezone.now()
        done = int(len(lessons) * share)
        for index, lesson in enumerate(lessons[: done + (1 if share else 0)]):
            when = now - timezone.timedelta(days=len(lessons) - index, hours=index)
            lesson_services.lesson_open(user=user, lesson=lesson, now=when)
            lesson_services.lesson_record_time(user=user, lesson=lesson, seconds=110, now=when)
            if index < done:
                lesson_services.lesson_complete(user=user, lesson=lesson, now=when + timezone.timedelta(minutes=9))

    def _attempts(self, users, course):
        """Two students answer the first published quizzes, one well and one less so."""
        quizzes = list(Quiz.objects.published().filter(course=course).exclude(
            quiz_questions__question__type=Essay.code).order_by("position")[:3])
        for name, skill in (("student1", 0.85), ("student2", 0.5)):
            user = users[name]
            if Attempt.objects.filter(user=user).exists():
                continue
            rng = random.Random(name)
            for quiz in quizzes:
                attempt = quiz_services.attempt_start(quiz=quiz, user=user, rng=rng)
                for response in attempt.responses.all():
                    response.answer = _answer(response, rng.random() < skill, rng)
                    response.answered_at = timezone.now()
                    response.save(update_fields=["answer", "answered_at"])
                quiz_services.attempt_submit(attempt=attempt)


    def _essays(self, users, course):
        """The first quiz with essays: student1's answers await grading, student3's are graded and
        released, student2's graded and not released — a queue with work in it, and one of each state."""
        quiz = Quiz.objects.published().filter(course=course, quiz_questions__question__type=Essay.code) \
            .order_by("position").distinct().first()
        if quiz is None or Attempt.objects.filter(quiz=quiz, user__username__in=READING).exists():
            return
        rng = random.Random("essays")
        attempts = {}
        for name in ("student1", "student3", "student2"):
            attempt = quiz_services.attempt_start(quiz=quiz, user=users[name], rng=rng)
            for response in attempt.responses.all():
                qtype = get_type(response.snapshot["type"])
                response.answer = {"text": _essay_text(response.snapshot)} if qtype.manual \
                    else _answer(response, True, rng)
                response.answered_at = timezone.now()
                response.save(update_fields=["answer", "answered_at"])
            attempts[name] = quiz_services.attempt_submit(attempt=attempt)
        for name, level in (("student3", -1), ("student2", 1)):
            for response in attempts[name].responses.filter(snapshot__type=Essay.code):
                rubric = current_rubric(response)
                if rubric:
                    levels = {c["slug"]: min(len(c["levels"]) - 1, level % len(c["levels"])) for c in rubric["criteria"]}
                    essay_grade(response=response, grader=users["instructor"], levels=levels,
                                comments={rubric["criteria"][0]["slug"]: "Your claim is clear; tie it to the case."},
                                comment="A sound start: bring in more evidence from the timeline.")
                else:
                    essay_grade(response=response, grader=users["instructor"], points=response.snapshot["points"] / 2,
                                comment="A sound start: bring in more evidence from the timeline.")
            if name == "student3":
                quiz_release(quiz=quiz)


DEMO_ESSAY = ("Russia read each round of enlargement as a shift in the balance near its borders. "
              "Georgia's bid to join the alliance made that shift feel close and lasting. "
              "Moscow judged that acting in August 2008 cost less than waiting.")


def _essay_text(snapshot: dict) -> str:
    """A demo answer long enough for the question's minimum and inside its maximum."""
    words = DEMO_ESSAY.split()
    wanted = max(snapshot.get("min_words") or 0, len(words))
    text = " ".join(words[i % len(words)] for i in range(wanted))
    return " ".join(text.split()[: snapshot.get("max_words") or wanted])


def _answer(response, right: bool, rng: random.Random):
    """A plausible answer: the key itself, or a wrong one of the right shape."""
    qtype = get_type(response.snapshot["type"])
    return qtype.key_answer(response.snapshot) if right else qtype.wrong_answer(response.snapshot, rng)
