"""The bulk account import in admin: a CSV is read and every row shown with its problems before anything is
created; the rows that passed become accounts with their role and class."""

import re

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from lessons.models import Enrolment
from tests.factories import make_cohort, make_user

URL = "/admin/auth/user/import/"


@pytest.fixture
def cohort(course_data, instructor):
    return make_cohort(course_data["course"], instructor, code="SEMA2026")


def _upload(client, text, **extra):
    upload = SimpleUploadedFile("people.csv", text.encode() if isinstance(text, str) else text, "text/csv")
    return client.post(URL, {"file": upload, "send_links": "on", **extra})


def _confirm(client, text, send_links=True):
    data = {"text": text, "confirm": "1"}
    if send_links:
        data["send_links"] = "on"
    return client.post(URL, data)


def _rows(response):
    return {row.username: row for row in response.context["rows"]}


GOOD = ("username,name,email,role,class\n"
        "mlin,Lin Mei-hua,mlin@example.edu,student,Class A\n"
        "tchen,Chen Tai,tchen@example.edu,instructor,sema-2026\n"
        "chief,,chief@example.edu,administrator,\n"
        "nemail,Nino,,,\n")


def test_preview_lists_every_row_and_creates_nothing(superuser_client, cohort):
    """Checking the rows shows each with its role and class, and no account exists yet."""
    before = User.objects.count()
    response = _upload(superuser_client, GOOD)
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows) == ["mlin", "tchen", "chief", "nemail"]
    assert all(row.ok for row in rows.values())
    assert (rows["mlin"].first_name, rows["mlin"].last_name, rows["mlin"].cohort) == ("Lin", "Mei-hua", cohort)
    assert rows["tchen"].cohort == cohort  # by its join code, written with a hyphen and in lower case
    assert rows["nemail"].role == "student"
    assert b"Create 4 accounts" in response.content
    assert User.objects.count() == before


def test_confirming_creates_the_accounts_with_their_roles_and_classes(superuser_client, cohort, administrator,
                                                                     django_capture_on_commit_callbacks):
    """Each account gets its role; a student is enrolled in the class's course and class; an instructor teaches it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(superuser_client, GOOD, send_links=False)
    assert response.status_code == 302 and response["Location"] == "/admin/auth/user/"
    mlin, tchen, chief, nemail = (User.objects.get(username=name) for name in ("mlin", "tchen", "chief", "nemail"))
    assert roles.role_of(mlin) == "student" and mlin.get_full_name() == "Lin Mei-hua"
    assert Enrolment.objects.get(user=mlin).cohort == cohort
    assert roles.role_of(tchen) == "instructor" and list(tchen.taught_cohorts.all()) == [cohort]
    assert roles.role_of(chief) == "administrator" and chief.is_staff
    assert roles.role_of(nemail) == "student" and not Enrolment.objects.filter(user=nemail).exists()
    assert not any(user.has_usable_password() for user in (mlin, tchen, chief, nemail))
    assert LogEntry.objects.filter(action_flag=ADDITION, user=administrator).count() == 4
    assert mail.outbox == []


def test_rows_with_errors_are_shown_and_skipped(superuser_client, cohort, student):
    """Every problem of a row is listed by line; only the clean rows are created."""
    text = ("username,name,email,role,class\n"
            "ok1,One,,student,\n"
            "bad user,X,nope,wizard,Nowhere\n"
            f"{student.username.upper()},Dup,,,\n"
            "ok1,Again,,,\n"
            ",No username,,,\n")
    response = _upload(superuser_client, text)
    rows = response.context["rows"]
    assert [row.line for row in rows] == [2, 3, 4, 5, 6]
    assert rows[0].errors == []
    assert rows[1].errors == [
        "“bad user” is not a valid username: up to 150 letters, digits and @ . + - _ only.",
        "“nope” is not an e-mail address.",
        "“wizard” is not a role: use student, instructor or administrator.",
        "No class is called “Nowhere” or has it as its join code.",
    ]
    assert rows[2].errors == [f"An account called “{student.username.upper()}” already exists."]
    assert rows[3].errors == ["The username “ok1” is already on line 2."]
    assert rows[4].errors == ["The username is missing."]
    assert b"Create 1 account" in response.content

    response = _confirm(superuser_client, text, send_links=False)
    assert response.status_code == 302
    assert User.objects.filter(username__in=["ok1", "bad user"]).count() == 1
    assert User.objects.filter(username__iexact=student.username).count() == 1


def test_a_username_taken_after_the_preview_is_skipped_at_confirmation(superuser_client, cohort):
    """The confirmation checks the rows again: an account made in between is not made twice."""
    _upload(superuser_client, GOOD)
    make_user("mlin")
    _confirm(superuser_client, GOOD, send_links=False)
    assert User.objects.filter(username="mlin").count() == 1
    assert not Enrolment.objects.filter(user__username="mlin").exists()
    assert User.objects.filter(username__in=["tchen", "chief", "nemail"]).count() == 3


def test_each_new_account_with_an_address_gets_a_link_that_sets_its_password(
        client, superuser_client, cohort, django_capture_on_commit_callbacks):
    """After the accounts are committed, the e-mailed link opens Django's set-password page; the new password
    then logs in."""
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(superuser_client, GOOD)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "chief@example.edu", "mlin@example.edu", "tchen@example.edu"]
    message = next(m for m in mail.outbox if m.to == ["mlin@example.edu"])
    assert "mlin" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.context["form"].fields
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "A-new-pass-2026",
                                                         "new_password2": "A-new-pass-2026"})
    assert done.status_code == 302
    login = client.post("/accounts/login/", {"username": "mlin", "password": "A-new-pass-2026"})
    assert login.status_code == 302
    assert client.get("/").context["user"].username == "mlin"


@pytest.mark.parametrize(("data", "message"), [
    ("Ä,b\n".encode("latin-1"), "The file is not UTF-8 text."),
    ("username,shoe size\nx,42\n", "Unknown column(s): shoe size."),
    ("name,email\nX,x@example.edu\n", "one of them must be “username”"),
    ("\n\n", "Choose a CSV file or paste its rows."),
    (b"username\n" + b"x" * 1_000_001, "The file is larger than 1 MB"),
])
def test_a_file_that_cannot_be_read_gets_a_clear_message(superuser_client, data, message):
    """A wrong encoding, an unknown or missing column, an empty or oversized file: a form error, nothing made."""
    before = User.objects.count()
    response = _upload(superuser_client, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].non_field_errors())
    assert User.objects.count() == before


def test_pasted_rows_separated_by_semicolons_are_read(superuser_client, db):
    """Rows pasted from a spreadsheet that writes semicolons read as well as a comma file."""
    response = superuser_client.post(URL, {"text": "username;name;role\nwkim;Kim Woo;instructor\n"})
    row = response.context["rows"][0]
    assert (row.username, row.first_name, row.last_name, row.role, row.errors) == (
        "wkim", "Kim", "Woo", "instructor", [])


def test_an_administrator_is_not_placed_in_a_class(superuser_client, cohort):
    """An administrator row naming a class is an error: administrators are not class members."""
    response = _upload(superuser_client, "username,role,class\nchief,administrator,Class A\n")
    assert response.context["rows"][0].errors == [
        "Administrators are not members of a class: leave the class empty, or make them instructors of it."]


@pytest.mark.parametrize("role", [roles.STUDENTS, roles.INSTRUCTORS])
def test_only_administrators_reach_the_import(client, db, role):
    """A student or an instructor (even marked staff) gets the admin login, and nothing is created."""
    user = make_user("someone", role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.post(URL, {"text": "username\nsneaky\n", "confirm": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not User.objects.filter(username="sneaky").exists()


def test_the_user_list_offers_the_import(superuser_client):
    """The users list has an "Import accounts" button leading to the import."""
    response = superuser_client.get("/admin/auth/user/")
    assert f'href="{URL}"'.encode() in response.content


def test_an_administrator_sends_new_links_from_the_user_list(superuser_client, db):
    """The list's action e-mails a set-password link to each selected account that has an address."""
    with_address, without = make_user("hasmail"), make_user("nomail")
    with_address.email = "has@example.edu"
    with_address.save()
    response = superuser_client.post("/admin/auth/user/", {
        "action": "send_password_links", "_selected_action": [with_address.pk, without.pk]}, follow=True)
    assert [message.to for message in mail.outbox] == [["has@example.edu"]]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "1 link sent. Users without an e-mail address were left out." in [
        str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(("data", "message"), [
    (b"username,name\rab,cd\r", None),
    (b'username,name\n"' + b"a" * 200_000, "The file could not be read as CSV"),
])
def test_old_mac_line_endings_read_and_an_unreadable_csv_is_a_form_error(superuser_client, db, data, message):
    """A file with lone carriage returns (old Mac spreadsheets) reads as any other; one the CSV reader refuses
    (a cell over its size limit) is a form error, never a 500."""
    response = _upload(superuser_client, data)
    assert response.status_code == 200
    if message is None:
        assert [(row.username, row.first_name) for row in response.context["rows"]] == [("ab", "cd")]
    else:
        assert message in " ".join(response.context["form"].non_field_errors())


def test_an_account_made_between_the_check_and_the_save_skips_only_its_row(superuser_client, cohort, rf):
    """The rows were checked, then someone made one of their accounts: that row is skipped with a reason, the
    others are created, nothing fails."""
    from core.services import users_import
    from core.user_import import user_import_rows

    rows = user_import_rows(GOOD.encode())
    make_user("mlin")
    created = users_import(rows=rows)
    assert sorted(user.username for user in created) == ["chief", "nemail", "tchen"]
    assert rows[0].errors == ["An account called “mlin” was made while the file was being checked; this row was "
                              "skipped."]
