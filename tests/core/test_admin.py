"""The User admin: each user's role in the list and its filter, and the action that gives the instructor role."""

from django.contrib.auth.models import User

from core import roles
from tests.admin_helpers import admin_action, admin_url


def test_role_column_and_filter(superuser_client, student, instructor, administrator):
    """The user list shows each user's role and filters by it."""
    response = superuser_client.get(admin_url(User))
    assert b"instructor" in response.content and b"administrator" in response.content
    for role, expected in (("student", {"student"}), ("instructor", {"teacher"}), ("administrator", {"boss"})):
        response = superuser_client.get(admin_url(User), {"role": role})
        assert {u.username for u in response.context["cl"].queryset} == expected, role


def test_give_instructor_role_action(superuser_client, student):
    """The user action adds the Instructors group."""
    admin_action(superuser_client, User, "give_instructor_role", [student])
    assert roles.is_instructor(User.objects.get(pk=student.pk))
