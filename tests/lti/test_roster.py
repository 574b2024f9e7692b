"""The roster (NRPS): the class's members are read from the LMS on an
instructor's launch and on demand from the class's LMS page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lessons.models import Enrolment
from lti.models import ContextClass
from tests.factories import make_course
from tests.lti.conftest import do_launch
from tests.lti.platform import INSTRUCTOR, LEARNER


def member(sub, role, status="Active"):
    return {"user_id": sub, "roles": [role], "status": status, "given_name": sub.title(), "family_name": "Doe",
            "name": f"{sub.title()} Doe", "email": f"{sub}@school.example"}


@pytest.fixture
def course(db):
    return make_course()[0]


def test_roster_synced_on_instructor_launch(registration, platform, course):
    """The first instructor launch makes the class and enrols every active learner the LMS lists."""
    platform.members = [member("teacher-1", INSTRUCTOR), member("ana", LEARNER), member("levan", LEARNER),
                        member("gone", LEARNER, status="Inactive")]
    do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], custom={"casebook": f"course:{course.slug}"})
    link = ContextClass.objects.get()
    assert link.roster_synced_at is not None
    enrolled = set(Enrolment.objects.filter(cohort=link.cohort).values_list("user__lti_users__sub", flat=True))
    assert enrolled == {"ana", "levan"}
    assert User.objects.get(lti_users__sub="ana").get_full_name() == "Ana Doe"
    assert list(link.cohort.instructors.values_list("lti_users__sub", flat=True)) == ["teacher-1"]


def test_roster_sync_on_demand(registration, platform, course):
    """An instructor of the class presses Sync: a learner added in the LMS since is enrolled."""
    platform.members = [member("teacher-1", INSTRUCTOR)]
    client, _response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR],
                                  custom={"casebook": f"course:{course.slug}"})
    cohort = ContextClass.objects.get().cohort
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    platform.members.append(member("nino", LEARNER))
    page = client.get(reverse("lti:class", args=[cohort.pk]))
    assert "Sync the roster from the LMS" in page.content.decode()
    response = client.post(reverse("lti:roster-sync", args=[cohort.pk]), follow=True)
    assert "Roster synced from the LMS: 2 people." in response.content.decode()
    assert Enrolment.objects.get(cohort=cohort).user == User.objects.get(lti_users__sub="nino")


def test_student_who_launched_before_the_class_existed_joins_it_at_the_sync(registration, platform, course):
    """A learner first, with no class yet: enrolled in the course; the instructor's launch puts them in the class."""
    platform.members = [member("teacher-1", INSTRUCTOR), member("learner-1", LEARNER)]
    do_launch(platform, sub="learner-1", roles=[LEARNER], custom={"casebook": f"course:{course.slug}"})
    assert Enrolment.objects.get().cohort is None
    do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR], custom={"casebook": f"course:{course.slug}"})
    assert Enrolment.objects.get().cohort == ContextClass.objects.get().cohort


def test_roster_sync_failure_keeps_the_launch_and_says_so(registration, platform, course):
    """The LMS refuses the roster: the launch still opens the course; the Sync button reports the failure."""
    client, response = do_launch(platform, sub="teacher-1", roles=[INSTRUCTOR],
                                 custom={"casebook": f"course:{course.slug}"},
                                 extra={"https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                                     "context_memberships_url": f"{platform.url}/nowhere",
                                     "service_versions": ["2.0"]}})
    assert response["Location"] == course.get_absolute_url()
    cohort = ContextClass.objects.get().cohort
    page = client.post(reverse("lti:roster-sync", args=[cohort.pk]), follow=True)
    assert "The LMS did not send the roster. Try again later." in page.content.decode()
