"""Writes with rules about a student's place in the course: enrolling,
joining a class (on its own or at sign-up) (and the limit on wrong join codes), opening and completing
lessons, time on the page."""

import datetime
import logging
import math
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import roles
from lessons import figures
from lessons.models import ActivityDay, Cohort, Course, Enrolment, Lesson, LessonProgress

# One heartbeat from the lesson page reports at most this much time: a tab
# left open in the background (the script stops counting when the page is
# hidden or idle) can never add hours.
MAX_SECONDS_PER_BEAT = 120
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I

logger = logging.getLogger(__name__)


class JoinError(Exception):
    """A join code that cannot be used; the message is for the student."""


class JoinLimited(JoinError):
    """Too many wrong join codes from this account or address; the message says how long to wait."""



def join_code_generate(length: int = 8) -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))


def join_code_normalise(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


@transaction.atomic
def enrolment_create(*, user, course: Course, cohort: Cohort | None = None) -> Enrolment:
    """Enrol a student (idempotent); joining a class sets or moves their class."""
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"cohort": cohort})
    if not created and cohort is not None and enrolment.cohort_id != cohort.pk:
        enrolment.cohort = cohort
        enrolment.save(update_fields=["cohort"])
    figures.course_roster_changed(course.pk)
    return enrolment


def cohort_by_code(code: str, now=None) -> Cohort:
    """The class a join code opens, or JoinError saying why it cannot be used."""
    now = now or timezone.now()
    cohort = Cohort.objects.select_related("course").filter(
        join_code=join_code_normalise(code)).first()
    if cohort is None:
        raise JoinError(_("No class has that join code. Check it with your instructor."))
    if cohort.join_code_expires_at and cohort.join_code_expires_at <= now:
        raise JoinError(_("That join code has expired. Ask your instructor for a new one."))
    return cohort


def _join_limits(user, address: str | None) -> list[tuple[str, int]]:
    """The cache key prefix and limit of each count a join attempt falls under."""
    limits = []
    if user is not None and user.is_authenticated:
        limits.append((f"join-limit:user:{user.pk}", settings.JOIN_FAILURE_LIMIT))
    if address:
        limits.append((f"join-limit:address:{address}", settings.JOIN_ADDRESS_FAILURE_LIMIT))
    return limits


def join_limit_check(*, user=None, address: str | None = None, now=None) -> None:
    """JoinLimited if the account or the address is paused after too many wrong codes."""
    now = now or timezone.now()
    paused = cache.get_many([f"{key}:until" for key, _limit in _join_limits(user, address)]).values()
    until = max((moment for moment in paused if moment > now), default=None)
    if until is None:
        return
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    raise JoinLimited(ngettext(
        "Too many wrong join codes. Joining a class is paused for a while: please wait %(minutes)d minute "
        "and try again, and check the code with your instructor.",
        "Too many wrong join codes. Joining a class is paused for a while: please wait %(minutes)d minutes "
        "and try again, and check the code with your instructor.",
        minutes) % {"minutes": minutes})


def join_failure_record(*, user=None, address: str | None = None, now=None) -> None:
    """Count a wrong join code against the account and the address; the limit-th pauses them."""
    now = now or timezone.now()
    cooloff = settings.JOIN_COOLOFF.total_seconds()
    for key, limit in _join_limits(user, address):
        cache.add(f"{key}:count", 0, timeout=cooloff)
        try:
            count = cache.incr(f"{key}:count")
        except ValueError:  # expired between add() and incr()
            count = 1
            cache.set(f"{key}:count", count, timeout=cooloff)
        if count >= limit:
            cache.set(f"{key}:until", now + settings.JOIN_COOLOFF, timeout=cooloff)
            cache.delete(f"{key}:count")
            logger.warning("Joining paused for %s after %d wrong join codes.", key.split(":")[1], count)


def join_code_check(*, code: str, user=None, address: str | None = None, now=None) -> Cohort:
    """The class a join code opens, within the limit on wrong codes: JoinLimited (without
    looking) while the account or address is paused, JoinError (counted) for a wrong code."""
    join_limit_check(user=user, address=address, now=now)
    try:
        return cohort_by_code(code, now)
    except JoinError:
        join_failure_record(user=user, address=address, now=now)
        raise


def cohort_join(*, user, code: str, address: str | None = None, now=None) -> Enrolment:
    return cohort_join_status(user=user, code=code, address=address, now=now)[0]


def cohort_join_status(*, user, code: str, address: str | None = None, now=None) -> tuple[Enrolment, bool]:
    """Join the class a code opens. The flag is False when the student was
    already in that class: nothing changed, and the page says so."""
    cohort = join_code_check(code=code, user=user, address=address, now=now)
    current = Enrolment.objects.select_related("cohort", "course").filter(user=user, cohort=cohort).first()
    if current is not None:
        return current, False
    return enrolment_create(user=user, course=cohort.course, cohort=cohort), True


def cohort_join_on_sign_up(*, user, code: str, address: str | None = None, now=None) -> Enrolment:
    """Put a new account in the class its sign-up code opens, inside the sign-up's transaction (see
    lessons.joining). The code is checked, and a wrong one counted, by the address alone: the account is
    rolled back if the code fails, and its number may be given to the next one."""
    cohort = join_code_check(code=code, address=address, now=now)
    return enrolment_create(user=user, course=cohort.course, cohort=cohort)


@transaction.atomic  # one commit for both writes: this runs on every lesson view
def lesson_open(*, user, lesson: Lesson, now=None) -> LessonProgress:
    """Record that a student opened a lesson, and remember it as their last one."""
    now = now or timezone.now()
    progress = LessonProgress.objects.filter(user=user, lesson=lesson).first()
    if progress is None:
        try:
            with transaction.atomic():
                progress = LessonProgress.objects.create(
                    user=user, lesson=lesson, first_opened_at=now, last_opened_at=now)
        except IntegrityError:  # the same lesson opened twice at once
            progress = LessonProgress.objects.get(user=user, lesson=lesson)
    else:
        LessonProgress.objects.filter(pk=progress.pk).update(last_opened_at=now)
        progress.last_opened_at = now
    activity_record(user_id=user.pk, course_id=lesson.chapter.course_id, moment=now, last_lesson=lesson)
    figures.course_activity_changed(lesson.chapter.course_id)
    return progress


def lesson_record_time(*, user, lesson: Lesson, seconds: int, now=None) -> LessonProgress:
    progress = lesson_open(user=user, lesson=lesson, now=now)
    seconds = max(0, min(int(seconds), MAX_SECONDS_PER_BEAT))
    if seconds:
        LessonProgress.objects.filter(pk=progress.pk).update(seconds_spent=F("seconds_spent") + seconds)
        progress.refresh_from_db(fields=["seconds_spent"])
    return progress


def lesson_complete(*, user, lesson: Lesson, now=None) -> LessonProgress:
    """Mark a lesson done (idempotent: the first completion time is kept)."""
    now = now or timezone.now()
    progress = lesson_open(user=user, lesson=lesson, now=now)
    if progress.completed_at is None:
        if LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(completed_at=now):
            activity_record(user_id=user.pk, course_id=lesson.chapter.course_id, moment=now, lessons=1)
        progress.completed_at = now
        figures.course_activity_changed(lesson.chapter.course_id)
    return progress


@transaction.atomic
def lesson_uncomplete(*, user, lesson: Lesson) -> None:
    progress = LessonProgress.objects.select_for_update().filter(user=user, lesson=lesson).first()
    if progress is not None and progress.completed_at is not None:
        LessonProgress.objects.filter(pk=progress.pk).update(completed_at=None)
        # The day's count is of the lessons completed then and still completed, as the rows say.
        activity_record(user_id=user.pk, course_id=lesson.chapter.course_id, moment=progress.completed_at,
                        lessons=-1)
    figures.course_activity_changed(lesson.chapter.course_id)


def _day(moment) -> datetime.date:
    """The site's local day of a moment."""
    return timezone.localdate(moment, timezone.get_default_timezone())


def activity_record(*, user_id: int, course_id: int, moment, lessons: int = 0, attempts: int = 0,
                    last_lesson: Lesson | None = None) -> None:
    """Note that the student did something in the course at `moment`: on their
    enrolment (the latest moment, and `last_lesson` when they opened one) and in
    their day of activity (`ActivityDay`), with the lessons completed and
    attempts submitted it adds (or, negative, takes back: an attempt reset, a
    lesson marked not done, which leave the enrolment's moment as it is). Two
    queries when the day's row exists or nothing is counted; three or four when
    it is the day's first count."""
    day = _day(moment)
    if lessons >= 0 and attempts >= 0:
        later = Q(last_active_at__isnull=True) | Q(last_active_at__lt=moment)
        fields = {"last_active_at": Case(When(later, then=Value(moment)), default=F("last_active_at"))}
        if last_lesson is not None:
            fields["last_lesson"] = last_lesson
        Enrolment.objects.filter(user_id=user_id, course_id=course_id).update(**fields)
    if not lessons and not attempts:
        ActivityDay.objects.bulk_create([ActivityDay(user_id=user_id, course_id=course_id, day=day)],
                                        ignore_conflicts=True)
        return

    def bounded(field: str, change: int):
        # Never below zero: a take-back for a day counted before this table existed finds nothing to take.
        return Case(When(**{f"{field}__lt": -change}, then=Value(0)), default=F(field) + change) \
            if change < 0 else F(field) + change

    row = ActivityDay.objects.filter(user_id=user_id, course_id=course_id, day=day)
    if row.update(lessons=bounded("lessons", lessons), attempts=bounded("attempts", attempts)) or (
            lessons < 0 or attempts < 0):
        return
    try:
        with transaction.atomic():
            ActivityDay.objects.create(user_id=user_id, course_id=course_id, day=day, lessons=max(lessons, 0),
                                       attempts=max(attempts, 0))
    except IntegrityError:  # another request made the day's row first
        row.update(lessons=bounded("lessons", lessons), attempts=bounded("attempts", attempts))


def activity_rebuild(*, course_id: int, moments) -> int:
    """Rewrite the course's days of activity, and its enrolments' latest
    moment, from `moments`: (user id, moment, lessons completed, attempts
    submitted) for everything the course's records hold (lessons' own and
    those of the apps above, which pass theirs in). Returns the days written."""
    days: dict[tuple[int, datetime.date], list[int]] = {}
    latest: dict[int, datetime.datetime] = {}
    for user_id, moment, lessons, attempts in moments:
        if moment is None:
            continue
        entry = days.setdefault((user_id, _day(moment)), [0, 0])
        entry[0] += lessons
        entry[1] += attempts
        if user_id not in latest or moment > latest[user_id]:
            latest[user_id] = moment
    with transaction.atomic():
        enrolments = list(Enrolment.objects.filter(course_id=course_id))
        for enrolment in enrolments:
            enrolment.last_active_at = latest.get(enrolment.user_id)
        Enrolment.objects.bulk_update(enrolments, ["last_active_at"], batch_size=2000)
        ActivityDay.objects.filter(course_id=course_id).delete()
        ActivityDay.objects.bulk_create(
            [ActivityDay(user_id=user_id, course_id=course_id, day=day, lessons=n_lessons, attempts=n_attempts)
             for (user_id, day), (n_lessons, n_attempts) in days.items()], batch_size=2000)
    return len(days)


def lesson_moments(*, course_id: int):
    """The moments of activity the course's lesson records hold, for `activity_rebuild`."""
    for user_id, first, last, completed in LessonProgress.objects.filter(
            lesson__chapter__course_id=course_id).values_list("user_id", "first_opened_at", "last_opened_at",
                                                               "completed_at").iterator(chunk_size=5000):
        yield user_id, first, 0, 0
        yield user_id, last, 0, 0
        if completed is not None:
            yield user_id, completed, 1, 0


# ---- classes: what instructors do with them --------------------------------------

class CohortError(Exception):
    """A class action that the rules refuse; the message is for the instructor."""


def _unique_code(attempts: int = 5) -> str:
    for _attempt in range(attempts):
        code = join_code_generate()
        if not Cohort.objects.filter(join_code=code).exists():
            return code
    raise CohortError(_("Could not find a free join code. Try again."))


@transaction.atomic
def cohort_create(*, course: Course, name: str, instructor) -> Cohort:
    """A new class for a course, taught by its creator, with a fresh join code."""
    name = (name or "").strip()
    if not name:
        raise CohortError(_("Give the class a name."))
    cohort = Cohort.objects.create(course=course, name=name[:200], join_code=_unique_code())
    cohort.instructors.add(instructor)
    return cohort


def cohort_regenerate_code(*, cohort: Cohort) -> str:
    """Replace the join code (the old one stops working at once)."""
    cohort.join_code = _unique_code()
    cohort.save(update_fields=["join_code"])
    return cohort.join_code


def cohort_remove_student(*, cohort: Cohort, user) -> None:
    """Take a student out of the class. They stay enrolled in the course and
    keep their progress and attempts; only the class membership goes."""
    removed = Enrolment.objects.filter(cohort=cohort, user=user).update(cohort=None)
    if not removed:
        raise CohortError(_("That student is not in this class."))
    figures.course_roster_changed(cohort.course_id)


def cohort_add_instructor(*, cohort: Cohort, username: str) -> User:
    """Add a co-instructor by username; only instructors may teach a class."""
    user = User.objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise CohortError(_("No account has that username."))
    if not roles.is_instructor(user):
        raise CohortError(_("%(name)s is not an instructor.") % {"name": user.username})
    cohort.instructors.add(user)
    return user


# ---- course authors: who may write a course's quizzes and question bank -------------

class AuthorError(Exception):
    """A change to a course's authors that the rules refuse; the message is for the author."""


def course_author_add(*, course: Course, username: str) -> User:
    """Make an instructor an author of the course. Only an administrator or an
    existing author does this; teaching a class of the course never does."""
    user = User.objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise AuthorError(_("No account has that username."))
    if not roles.is_instructor(user):
        raise AuthorError(_("%(name)s is not an instructor.") % {"name": user.username})
    course.authors.add(user)
    return user


@transaction.atomic
def course_author_remove(*, course: Course, user_id: int) -> User:
    """Take an author off the course. The last author stays, so that a course is
    never left for the administrators alone by a click on its authors page."""
    # Lock the course row: two authors removing each other at once must not leave none.
    course = Course.objects.select_for_update().get(pk=course.pk)
    authors = {user.pk: user for user in course.authors.all()}
    if user_id not in authors:
        raise AuthorError(_("That person is not an author of this course."))
    if len(authors) == 1:
        raise AuthorError(_("A course keeps at least one author. An administrator can change its authors "
                            "in the administration."))
    course.authors.remove(user_id)
    return authors[user_id]
