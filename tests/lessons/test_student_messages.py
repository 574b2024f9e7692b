"""What a student is told: a code for a class they are already in, and where
a brand-new student starts (not "Continue where you left off")."""

import pytest
from django.urls import reverse

from lessons.models import Enrolment
from tests.factories import make_cohort


@pytest.mark.django_db
def test_a_join_code_of_your_own_class_says_you_are_already_in_it(client, course_data, student, instructor):
    """The first time a code says "You joined"; the second time "You are already in …", and nothing changes."""
    cohort = make_cohort(course_data["course"], instructor)
    client.force_login(student)
    first = client.post(reverse("lessons:join"), {"code": "JOIN2008"}, follow=True)
    assert [str(m) for m in first.context["messages"]] == [f"You joined {cohort}."]
    again = client.post(reverse("lessons:join"), {"code": "join-2008"}, follow=True)
    assert again.redirect_chain == [(course_data["course"].get_absolute_url(), 302)]
    assert [str(m) for m in again.context["messages"]] == [f"You are already in {cohort}."]
    assert Enrolment.objects.get(user=student).cohort == cohort


@pytest.mark.django_db
def test_a_brand_new_student_is_asked_to_start_not_to_continue(client, course_data, student):
    """Enrolled with no lesson opened: home and outline say "Start the first lesson"; after one opened, "Continue"."""
    course = course_data["course"]
    client.force_login(student)
    client.post(reverse("lessons:enrol", args=[course.slug]))
    for url in (reverse("lessons:home"), course.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Start the first lesson" in page and "Continue where you left off" not in page
    client.get(course_data["lesson"].get_absolute_url())
    for url in (reverse("lessons:home"), course.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Continue where you left off" in page and "Start the first lesson" not in page
