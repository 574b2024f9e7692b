"""LTI 1.3 business rules: validating a launch, signing the person in, the
context → class rule, deep-link content items, the roster (NRPS) and the grade
outbox (AGS). django-lti (lti_tool) and pylti1p3 speak the protocol; this
module decides what a launch means for Casebook."""

import logging
import secrets
from urllib.parse import urlsplit

import requests

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lti_tool.constants import SESSION_KEY
from lti_tool.lti_core.constants import ContextRole
from lti_tool.lti_core.utils import normalize_role
from lti_tool.models import LtiLaunch, LtiMembership, LtiRegistration, LtiUser
from lti_tool.utils import DjangoToolConfig, sync_data_from_launch
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch
from pylti1p3.contrib.django.session import DjangoSessionService
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from core import roles
from lessons.models import Cohort, Course, Lesson
from lessons.services import cohort_create, enrolment_create
from lti.models import ContextClass, FrameOrigin, GradePost, GradePostStatus, QuizLineItem
from quizzes.models import Attempt, Quiz
from quizzes.grading import quiz_grade_percent

log = logging.getLogger(__name__)

AGS_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
AGS_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
CUSTOM_TARGET = "casebook"  # the custom parameter a deep link carries: "quiz:<pk>", "lesson:<pk>", "course:<slug>"
FRAME_ORIGINS_SESSION_KEY = "lti-frame-origins"
HTTP_TIMEOUT = 10  # seconds for each call to an LMS (key set, token, AGS, NRPS)
GRADE_SEND_BACKLOG = 10  # pending grades retried along with a new one; lti_retry sends the rest


class _LmsSession(requests.Session):
    """requests has no default timeout: a hung LMS would hold a worker for ever."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


def _connector(registration: LtiRegistration) -> ServiceConnector:
    return ServiceConnector(registration.to_registration(), _LmsSession())


class LaunchRefused(Exception):
    """A launch Casebook will not honour; the message is for the person launching."""


# ---- validating a launch ------------------------------------------------------

class _SingleUseNonceSessionService(DjangoSessionService):
    """pylti1p3 only checks that the nonce was issued, so the same id_token
    could be posted again while the nonce lives. Deleting it on first use
    makes a replay fail; the cache's delete says whether it was there."""

    def check_nonce(self, nonce: str) -> bool:
        storage = self.data_storage
        key = storage._prepare_key(self._get_key("nonce", nonce))
        return bool(storage._get_cache().delete(key))


def launch_validate(request) -> LtiLaunch:
    """Check a launch POST (state, signature against the platform's JWKS,
    issuer/audience registration, deployment, expiry, nonce once only) and
    return it. Raises LaunchRefused with the reason."""
    try:
        message_launch = DjangoMessageLaunch(request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage(),
                                             session_service=_SingleUseNonceSessionService(request),
                                             requests_session=_LmsSession())
        message_launch.validate()
    except LtiException as error:
        raise LaunchRefused(_launch_error_message(str(error))) from error
    lti_launch = LtiLaunch(message_launch)
    if not lti_launch.deployment.is_active:
        raise LaunchRefused(_("This LMS deployment is not registered with Casebook yet. Ask your "
                              "Casebook administrator to activate deployment %(id)s.")
                            % {"id": lti_launch.deployment.deployment_id})
    return lti_launch


def _launch_error_message(detail: str) -> str:
    if "expired" in detail.lower():
        return _("This launch has expired. Go back to your course and open the link again.")
    if "Nonce" in detail:
        return _("This launch was already used. Go back to your course and open the link again.")
    if "Registration not found" in detail or "Client id not registered" in detail:
        return _("This LMS is not registered with Casebook (unknown issuer or client id).")
    if "signature" in detail.lower() or "decode id_token" in detail or "public key" in detail.lower():
        return _("The launch's signature could not be verified.")
    if "State not found" in detail or "Missing state" in detail or "cookie" in detail:
        return _("Your browser did not keep the launch's cookie. Open Casebook in a new window and try again.")
    return _("The launch could not be verified.")


def launch_from_session(request) -> LtiLaunch | None:
    """The launch this session started with (kept in the cache by pylti1p3)."""
    launch_id = request.session.get(SESSION_KEY)
    if not launch_id:
        return None
    try:
        message_launch = DjangoMessageLaunch.from_cache(launch_id, request, DjangoToolConfig(),
                                                        launch_data_storage=DjangoCacheDataStorage())
    except LtiException:
        return None
    return LtiLaunch(message_launch)


def frame_origins(registrations=None) -> list[str]:
    """Origins that may frame Casebook: each active registration's issuer and
    auth URL origins and its extra frame origins."""
    registrations = LtiRegistration.objects.active() if registrations is None else registrations
    origins = set()
    for issuer, auth_url in registrations.values_list("issuer", "auth_url"):
        origins.update(origin_of(url) for url in (issuer, auth_url))
    origins.update(origin_of(url) for url in FrameOrigin.objects.filter(
        registration__in=registrations).values_list("origin", flat=True))
    return sorted(origin for origin in origins if origin)


def origin_of(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


# ---- signing in: user, roles, class -------------------------------------------

def _launch_roles(lti_launch: LtiLaunch) -> set[str]:
    return {normalize_role(role) for role in (lti_launch.roles_claim or [])}


def launch_is_instructor(lti_launch: LtiLaunch) -> bool:
    """Instructor (or an LMS course administrator / content developer) → instructor of the class."""
    return bool(_launch_roles(lti_launch) & {ContextRole.INSTRUCTOR, ContextRole.ADMINISTRATOR,
                                             ContextRole.CONTENT_DEVELOPER})


def _account_for(lti_user: LtiUser, *, instructor: bool) -> User:
    """The Casebook account of an LMS user: matched by the platform's stable id
    (registration + sub) only, never by e-mail, which a platform user could
    set to anyone's. A first launch creates it, with no password."""
    user = lti_user.auth_user
    if user is None:
        user = User(username=f"lti-{secrets.token_hex(6)}", first_name=lti_user.given_name[:150],
                    last_name=lti_user.family_name[:150], email=lti_user.email or "")
        if not (user.first_name or user.last_name) and lti_user.name:
            user.first_name = lti_user.name[:150]
        user.set_unusable_password()
        user.save()
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user"])
    group = roles.INSTRUCTORS if instructor else roles.STUDENTS
    if group not in set(user.groups.values_list("name", flat=True)):
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@transaction.atomic
def launch_sign_in(*, lti_launch: LtiLaunch) -> User:
    """Record what the launch says (django-lti's user, context, membership,
    resource link rows) and return the Casebook account it signs in."""
    sync_data_from_launch(lti_launch)
    return _account_for(lti_launch.user, instructor=launch_is_instructor(lti_launch))


def launch_target(lti_launch: LtiLaunch) -> Course | Lesson | Quiz | None:
    """What the link opens, from its `casebook` custom parameter."""
    value = lti_launch.get_custom_claim(CUSTOM_TARGET) or ""
    kind, _sep, key = value.partition(":")
    if kind == "quiz" and key.isdigit():
        return Quiz.objects.published().select_related("course").filter(pk=key).first()
    if kind == "lesson" and key.isdigit():
        return Lesson.objects.select_related("chapter__course").filter(pk=key, published=True).first()
    if kind == "course":
        return Course.objects.published().filter(slug=key).first()
    return None


def _course_of(target) -> Course | None:
    if isinstance(target, Course):
        return target
    if isinstance(target, Quiz):
        return target.course
    if isinstance(target, Lesson):
        return target.chapter.course
    courses = list(Course.objects.published()[:2])
    return courses[0] if len(courses) == 1 else None


@transaction.atomic
def launch_class(*, lti_launch: LtiLaunch, user, target) -> Cohort | None:
    """The context's class: made by the first instructor who launches from it
    (for the launched item's course); students launching are enrolled in it.
    Before an instructor has launched, a student is enrolled in the course alone
    and joins the class at the next roster sync."""
    if lti_launch.context_claim is None:
        return None
    context = lti_launch.context
    link = ContextClass.objects.select_related("cohort").filter(context=context).first()
    instructor = launch_is_instructor(lti_launch)
    if link is None:
        course = _course_of(target)
        if course is None:
            return None
        if not instructor:
            enrolment_create(user=user, course=course)
            return None
        cohort = cohort_create(course=course, name=context.title or context.label or _("LMS class"),
                               instructor=user)
        link = ContextClass.objects.create(context=context, cohort=cohort)
    if instructor:
        link.cohort.instructors.add(user)
    else:
        enrolment_create(user=user, course=link.cohort.course, cohort=link.cohort)
    return link.cohort


def line_item_record(*, lti_launch: LtiLaunch, quiz: Quiz) -> QuizLineItem | None:
    """Remember the gradebook column of a quiz launched from a context: the
    launch's own line item (a deep link made with one), else one found or made
    through AGS by the quiz's resource id."""
    claim = lti_launch.ags_claim
    if not claim or lti_launch.context_claim is None:
        return None
    url = claim.get("lineitem")
    if not url and AGS_LINEITEM in claim.get("scope", []):
        ags = AssignmentsGradesService(_connector(lti_launch.registration), claim)
        try:
            url = ags.find_or_create_lineitem(_line_item(quiz), find_by="resource_id").get_id()
        except (LtiException, requests.RequestException) as error:
            log.warning("LTI: could not find or create a line item for quiz %s: %s", quiz.pk, error)
            return None
    if not url:
        return None
    line_item, _created = QuizLineItem.objects.update_or_create(
        context=lti_launch.context, quiz=quiz, defaults={"url": url})
    return line_item


def _line_item(quiz: Quiz) -> LineItem:
    return (LineItem().set_label(quiz.title).set_score_maximum(100)
            .set_resource_id(f"casebook-quiz-{quiz.pk}").set_tag("casebook"))


def session_remember_launch(*, request, lti_launch: LtiLaunch) -> None:
    """After login(): the session keeps its launch and the origins allowed to frame it."""
    request.session[SESSION_KEY] = lti_launch.get_launch_id()
    request.session[FRAME_ORIGINS_SESSION_KEY] = frame_origins(
        LtiRegistration.objects.filter(pk=lti_launch.registration.pk))


# ---- deep linking ---------------------------------------------------------------

def deep_link_choices() -> list[dict]:
    """Published courses with their published lessons and quizzes, for the picker."""
    choices = []
    for course in Course.objects.published().order_by("title"):
        lessons = Lesson.objects.filter(chapter__course=course, published=True).order_by(
            "chapter__number", "position")
        quizzes = Quiz.objects.published().filter(course=course).order_by("position", "title")
        choices.append({"course": course, "lessons": list(lessons), "quizzes": list(quizzes)})
    return choices


def deep_link_resource(*, value: str, launch_url: str) -> DeepLinkResource:
    """The content item for a picked "quiz:<pk>", "lesson:<pk>" or "course:<slug>";
    a quiz comes with a line item so the LMS makes its gradebook column."""
    kind, _sep, key = value.partition(":")
    resource = DeepLinkResource().set_url(launch_url).set_custom_params({CUSTOM_TARGET: value})
    if kind == "quiz" and key.isdigit() and (quiz := Quiz.objects.published().filter(pk=key).first()):
        return resource.set_title(quiz.title).set_lineitem(_line_item(quiz))
    if kind == "lesson" and key.isdigit() and (
            lesson := Lesson.objects.filter(pk=key, published=True).first()):
        return resource.set_title(lesson.title)
    if kind == "course" and (course := Course.objects.published().filter(slug=key).first()):
        return resource.set_title(course.title)
    raise LaunchRefused(_("Pick a lesson, a quiz or a course."))


# ---- roster (NRPS) --------------------------------------------------------------

def roster_sync(*, link: ContextClass) -> int:
    """Read the context's members from the LMS and bring the class up to date:
    learners enrolled in it, instructors teaching it (accounts made as at a
    first launch). Nobody is removed: an LMS drop keeps their work here.
    Returns how many members were read. Raises LtiException if the LMS refuses."""
    context = link.context
    if not context.memberships_url:
        raise LtiException(_("This LMS course does not share its roster with Casebook."))
    nrps = NamesRolesProvisioningService(_connector(context.deployment.registration),
                                         {"context_memberships_url": context.memberships_url})
    try:
        members = nrps.get_members()
    except requests.RequestException as error:
        raise LtiException(str(error)) from error
    context.update_memberships(members)  # django-lti: NRPS members → LtiUser / LtiMembership rows
    count = 0
    with transaction.atomic():
        for membership in LtiMembership.objects.filter(context=context, is_active=True).select_related("user"):
            instructor = membership.is_instructor or membership.is_administrator or membership.is_content_developer
            if not (instructor or membership.is_learner):
                continue
            user = _account_for(membership.user, instructor=instructor)
            if instructor:
                link.cohort.instructors.add(user)
            else:
                enrolment_create(user=user, course=link.cohort.course, cohort=link.cohort)
            count += 1
        link.roster_synced_at = timezone.now()
        link.save(update_fields=["roster_synced_at"])
    return count


# ---- grades (AGS) through the outbox ------------------------------------------

def grade_queue(*, quiz_id: int, user_id: int) -> list[int]:
    """Write the student's current grade on the quiz (by its grading method)
    to the outbox for each line item of the quiz in an LMS context they are a
    member of; older unsent grades for the same column are superseded.
    Returns the new outbox rows' ids."""
    line_items = list(QuizLineItem.objects.filter(
        quiz_id=quiz_id, context__memberships__user__auth_user_id=user_id).select_related("quiz").distinct())
    if not line_items:
        return []
    attempts = Attempt.objects.counted().submitted().filter(quiz_id=quiz_id, user_id=user_id).order_by("number")
    percents = [a.percent for a in attempts if a.percent is not None and not a.awaiting]
    percent = quiz_grade_percent(line_items[0].quiz, percents)
    queued = []
    for line_item in line_items:
        lti_user = LtiUser.objects.get(auth_user_id=user_id,
                                       registration_id=line_item.context.deployment.registration_id)
        GradePost.objects.filter(line_item=line_item, user_id=user_id, status=GradePostStatus.PENDING).update(
            status=GradePostStatus.SUPERSEDED)
        queued.append(GradePost.objects.create(line_item=line_item, lti_user=lti_user, user_id=user_id,
                                               percent=percent).pk)
    return queued


def grades_send_new(post_ids: list[int]) -> tuple[int, int]:
    """After the grade commits: send the new rows, then retry a few older pending ones."""
    sent, failed = grades_send_pending(posts=GradePost.objects.filter(pk__in=post_ids))
    backlog = GradePost.objects.filter(
        pk__in=GradePost.objects.filter(status=GradePostStatus.PENDING).exclude(pk__in=post_ids)
        .order_by("created_at", "pk").values("pk")[:GRADE_SEND_BACKLOG])
    more_sent, more_failed = grades_send_pending(posts=backlog)
    return sent + more_sent, failed + more_failed


def grades_send_pending(*, posts=None, now=None) -> tuple[int, int]:
    """Send every pending grade (or the pending ones of `posts`), oldest first;
    a failure stays pending with its error for the next try. Returns (sent, failed)."""
    sent = failed = 0
    posts = GradePost.objects.all() if posts is None else posts
    pending = posts.filter(status=GradePostStatus.PENDING).select_related(
        "line_item__context__deployment__registration", "lti_user").order_by("created_at", "pk")
    for post in pending:
        now_ = now or timezone.now()
        try:
            _grade_send(post, now_)
        except Exception as error:  # noqa: BLE001 - whatever the LMS did, the grade stays queued, the page works
            failed += 1
            GradePost.objects.filter(pk=post.pk).update(tries=post.tries + 1, tried_at=now_,
                                                        last_error=str(error)[:2000])
            log.warning("LTI: grade post %s failed (try %s): %s", post.pk, post.tries + 1, error)
            continue
        sent += 1
        GradePost.objects.filter(pk=post.pk).update(tries=post.tries + 1, tried_at=now_, sent_at=now_,
                                                    status=GradePostStatus.SENT, last_error="")
    return sent, failed


def _grade_send(post: GradePost, now) -> None:
    registration = post.line_item.context.deployment.registration
    ags = AssignmentsGradesService(_connector(registration), {"scope": [AGS_SCORE], "lineitem": post.line_item.url})
    grade = (Grade().set_user_id(post.lti_user.sub).set_timestamp(now.isoformat())
             .set_activity_progress("Completed" if post.percent is not None else "Initialized")
             .set_grading_progress("FullyGraded" if post.percent is not None else "NotReady"))
    if post.percent is not None:
        grade.set_score_given(post.percent).set_score_maximum(100)
    ags.put_grade(grade)


def grades_pending_count(*, cohort: Cohort) -> int:
    """Grades of this class's LMS context not yet accepted by the LMS."""
    return GradePost.objects.filter(status=GradePostStatus.PENDING,
                                    line_item__context__casebook_class__cohort=cohort).count()
