"""The admin is for administrators only: an instructor whom an administrator
ticked "staff" (and even gave every model permission) gets the admin login
page instead of any admin page; administrators keep everything. Students,
instructors and visitors get the login page too."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import TestCase
from django.urls import reverse

from core import roles
from lessons.models import Course
from quizzes.models import Attempt, Response
from tests.admin_helpers import admin_url, load_site_data, registered
from tests.factories import make_user

PASSWORD = "pw-for-tests-123"


def _login_redirect(url: str) -> str:
    return f"{reverse('admin:login')}?next={url}"


class StaffInstructorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_site_data()
        cls.instructor = cls.data["instructor"]
        cls.instructor.is_staff = True
        cls.instructor.save()
        cls.instructor.user_permissions.set(Permission.objects.all())
        answer = Response.objects.filter(attempt=cls.data["attempt"]).first()
        cls.data_pages = [
            admin_url(Attempt), admin_url(Attempt, "change", cls.data["attempt"].pk),
            admin_url(Response), admin_url(Response, "change", answer.pk),
            admin_url(User), admin_url(User, "change", cls.data["student"].pk),
        ]

    def _every_admin_page(self) -> list[str]:
        """The index, each app's index, and every model's list, add, change, history and delete page."""
        pages = [reverse("admin:index"), reverse("admin:lessons_course_reload"),
                 f"{reverse('admin:autocomplete')}?app_label=lessons&model_name=cohort&field_name=instructors",
                 reverse("admin:auth_user_password_change", args=[self.data["student"].pk])]
        for model, _model_admin in registered():
            pages += [reverse("admin:app_list", args=[model._meta.app_label]), admin_url(model),
                      admin_url(model, "add")]
            obj = model._default_manager.order_by("pk").first()
            if obj is not None:
                pages += [admin_url(model, view, obj.pk) for view in ("change", "history", "delete")]
        return sorted(set(pages))

    def test_staff_instructor_gets_the_login_page_for_attempts_responses_and_users(self):
        """The attempt, response and user lists and change pages answer a staff instructor with the admin login."""
        self.client.force_login(self.instructor)
        for url in self.data_pages:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertEqual(response["Location"], _login_redirect(url), url)

    def test_staff_instructor_gets_the_login_page_everywhere_in_admin(self):
        """No admin page, list, form or endpoint opens for a staff instructor with every model permission."""
        self.client.force_login(self.instructor)
        answers = {url: self.client.get(url) for url in self._every_admin_page()}
        opened = {url: r.status_code for url, r in answers.items()
                  if r.status_code != 302 or not r["Location"].startswith(f"{reverse('admin:login')}?next=")}
        self.assertEqual(opened, {})

    def test_staff_instructor_cannot_post_to_admin(self):
        """A staff instructor's POST to a change page changes nothing and is sent to the login."""
        self.client.force_login(self.instructor)
        course = self.data["course"]
        url = admin_url(Course, "change", course.pk)
        response = self.client.post(url, {"title": "Taken over"})
        self.assertEqual((response.status_code, response["Location"]), (302, _login_redirect(url)))
        course.refresh_from_db()
        self.assertNotEqual(course.title, "Taken over")

    def test_staff_instructor_cannot_log_in_through_the_admin_login(self):
        """The admin login form refuses a staff instructor's right password, as for a student."""
        self.client.logout()
        response = self.client.post(reverse("admin:login"), {"username": self.instructor.username,
                                                             "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_staff_instructor_sees_no_admin_link(self):
        """The site header offers the admin link to administrators only, not to a staff instructor."""
        self.client.force_login(self.instructor)
        self.assertNotContains(self.client.get(reverse("lessons:home")), f'href="{reverse("admin:index")}"')
        self.client.force_login(self.data["superuser"])
        self.assertContains(self.client.get(reverse("lessons:home")), f'href="{reverse("admin:index")}"')

    def test_superuser_sees_attempts_responses_and_users(self):
        """A superuser opens the same pages and sees the student in them."""
        self.client.force_login(self.data["superuser"])
        for url in self.data_pages:
            self.assertContains(self.client.get(url), self.data["student"].username, msg_prefix=url)

    def test_administrator_role_member_sees_attempts_responses_and_users(self):
        """A staff member of the administrators group who is not a superuser is an administrator: admitted.

        (Only attempts and responses: on a fresh database the group lacks the auth app's permissions.)"""
        manager = make_user("manager", roles.STUDENTS)
        manager.groups.set([Group.objects.get(name=roles.ADMINISTRATORS)])
        manager.is_staff = True
        manager.save()
        self.client.force_login(manager)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
        for url in self.data_pages[:4]:
            self.assertContains(self.client.get(url), self.data["student"].username, msg_prefix=url)

    def test_administrator_logs_in_through_the_admin_login(self):
        """The admin login form still lets an administrator in."""
        self.client.logout()
        response = self.client.post(reverse("admin:login"), {"username": self.data["superuser"].username,
                                                             "password": PASSWORD, "next": "/admin/"})
        self.assertEqual((response.status_code, response["Location"]), (302, "/admin/"))


@pytest.mark.parametrize("role", [roles.STUDENTS, roles.INSTRUCTORS])
def test_non_staff_are_sent_to_the_admin_login(client, db, role):
    """Students and instructors (not staff) get the admin login page, never an admin page."""
    user = make_user("someone", role)
    client.force_login(user)
    for url in ("/admin/", admin_url(Attempt), "/admin/lessons/course/reload/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_anonymous_visitors_are_sent_to_the_admin_login(client, db):
    """Without logging in, admin answers with its login page."""
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_superuser_reaches_admin(superuser_client):
    """An administrator sees the admin index, titled for Casebook."""
    response = superuser_client.get("/admin/")
    assert response.status_code == 200
    assert b"Casebook administration" in response.content
