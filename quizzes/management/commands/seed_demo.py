"""manage.py seed_demo — demo accounts, a class, some progress and attempts.

Idempotent: accounts, the class and the demo activity are created once;
running it again changes nothing. Development passwords are in the README."""

import random

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lessons import roles, services as lesson_services
from lessons.models import Cohort, Course, LessonProgress
from lessons.selectors import course_lessons
from quizzes import services as quiz_services
from quizzes.models import Attempt, Quiz
from quizzes.types import get_type

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
        quizzes = list(Quiz.objects.published().filter(course=course).order_by("position")[:3])
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


def _answer(response, right: bool, rng: random.Random):
    """A plausible answer: the key itself, or a wrong one of the right shape."""
    qtype = get_type(response.snapshot["type"])
    return qtype.key_answer(response.snapshot) if right else qtype.wrong_answer(response.snapshot, rng)
