"""Reading a CSV of accounts for the admin's bulk import: every row checked
against the file and the database, with its errors, before anything is
written. `core.services.users_import` creates the rows that passed.

The "class" column is about classes, which core does not know: the app that owns them sets its
`ClassColumn` (`class_column_set`, in its AppConfig.ready()) to find the classes a cell names and to put
a new account in one."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from core import roles

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
ROLES = ("student", "instructor", "administrator")
ROLE_WORDS = {"student": "student", "students": "student", "instructor": "instructor", "instructors": "instructor",
              "teacher": "instructor", "administrator": "administrator", "administrators": "administrator",
              "admin": "administrator", "學生": "student", "教師": "instructor", "管理員": "administrator"}
# Column names as people write them in a spreadsheet's first row.
COLUMNS = {"username": "username", "user": "username", "name": "name", "full name": "name",
           "first name": "first_name", "first_name": "first_name", "last name": "last_name",
           "last_name": "last_name", "email": "email", "e-mail": "email", "e-mail address": "email",
           "email address": "email", "role": "role", "class": "class", "cohort": "class"}
EXAMPLE = "username,name,email,role,class\nmlin,Lin Mei-hua,mlin@example.edu,student,Seminar A\n"


@dataclass(frozen=True)
class ClassColumn:
    # {cell text: [classes]} -> {cell text lowercased: the classes it names, by join code or by name}, in one query.
    find: Callable[[set[str]], dict[str, list]]
    # (user=, row=): a student joins row.cohort; an instructor teaches it.
    join: Callable[..., None]


_class_column: ClassColumn | None = None


def class_column_set(column: ClassColumn) -> None:
    global _class_column
    _class_column = column


def class_column() -> ClassColumn | None:
    return _class_column


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class ImportRow:
    line: int
    username: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = "student"
    class_text: str = ""
    cohort: object | None = None  # the class the "class" cell names (ClassColumn.find)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return roles.LABELS.get(self.role, self.role)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 1 MB; split it into several files."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.")) from None


def _split_name(name: str) -> tuple[str, str]:
    """One "name" cell into Django's first and last name, so that the full name reads back exactly as written:
    the last word apart when there are several ("Lin Mei-hua" → "Lin", "Mei-hua"), a one-word name whole."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def user_import_rows(data: bytes) -> list[ImportRow]:
    """The rows of an uploaded CSV, each with the errors that keep it from being created."""
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty. Its first line names the columns, e.g. %(example)s")
                              % {"example": EXAMPLE.splitlines()[0]})
    try:
        return _rows(text)
    except csv.Error as error:
        raise ImportFileError(_("The file could not be read as CSV (%(error)s). Save it from your spreadsheet as "
                                "“CSV UTF-8” and upload it again.") % {"error": error}) from None


def _rows(text: str) -> list[ImportRow]:
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline=None reads every line ending: \n, \r\n, and old Mac spreadsheets' lone \r.
    reader = csv.reader(io.StringIO(text, newline=None), dialect)
    header = [cell.strip().lower() for cell in next(reader)]
    unknown = [cell for cell in header if cell and cell not in COLUMNS]
    if unknown:
        raise ImportFileError(_("Unknown column(s): %(names)s. The columns are username, name (or first name and "
                                "last name), email, role and class.") % {"names": ", ".join(unknown)})
    columns = [COLUMNS.get(cell) for cell in header]
    if "username" not in columns:
        raise ImportFileError(_("The first line must name the columns, and one of them must be “username”."))

    rows: list[ImportRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it into several files.")
                                  % {"max": MAX_ROWS})
        row = ImportRow(line=reader.line_num)
        if len(cells) > len(columns):
            row.errors.append(_("This row has %(found)s cells; the first line names %(expected)s columns.")
                              % {"found": len(cells), "expected": len(columns)})
        values = {name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name}
        row.username = values.get("username", "")
        row.first_name, row.last_name = values.get("first_name", ""), values.get("last_name", "")
        if values.get("name") and not (row.first_name or row.last_name):
            row.first_name, row.last_name = _split_name(values["name"])
        row.email = values.get("email", "")
        role = values.get("role", "").lower()
        row.role = ROLE_WORDS.get(role, role) if role else "student"
        row.class_text = values.get("class", "")
        rows.append(row)
    _check(rows)
    return rows


def _check(rows: list[ImportRow]) -> None:
    # Django's usernames are case-sensitive; people are not: "Mlin" beside "mlin" would be two accounts for one.
    lowered = {row.username.lower() for row in rows if row.username}
    taken = set(User.objects.annotate(lowered=Lower("username")).filter(lowered__in=lowered)
                .values_list("lowered", flat=True)) if lowered else set()
    texts = {row.class_text for row in rows if row.class_text}
    cohorts = _class_column.find(texts) if texts and _class_column is not None else {}
    seen: dict[str, int] = {}
    validator = UnicodeUsernameValidator()
    for row in rows:
        if not row.username:
            row.errors.append(_("The username is missing."))
        else:
            try:
                validator(row.username)
                if len(row.username) > 150:
                    raise ValidationError("")
            except ValidationError:
                row.errors.append(_("“%(name)s” is not a valid username: up to 150 letters, digits and @ . + - _ "
                                    "only.") % {"name": row.username})
            key = row.username.lower()
            if key in taken:
                row.errors.append(_("An account called “%(name)s” already exists.") % {"name": row.username})
            elif key in seen:
                row.errors.append(_("The username “%(name)s” is already on line %(line)s.")
                                  % {"name": row.username, "line": seen[key]})
            seen.setdefault(key, row.line)
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(_("“%(email)s” is not an e-mail address.") % {"email": row.email})
        if len(row.first_name) > 150 or len(row.last_name) > 150:
            row.errors.append(_("The name is longer than 150 characters."))
        if row.role not in ROLES:
            row.errors.append(_("“%(role)s” is not a role: use student, instructor or administrator.")
                              % {"role": row.role})
        if row.class_text:
            matches = cohorts.get(row.class_text.lower(), [])
            if not matches:
                row.errors.append(_("No class is called “%(name)s” or has it as its join code.")
                                  % {"name": row.class_text})
            elif len(matches) > 1:
                row.errors.append(_("Several classes are called “%(name)s”: give the class's join code instead.")
                                  % {"name": row.class_text})
            elif row.role == "administrator":
                row.errors.append(_("Administrators are not members of a class: leave the class empty, or make "
                                    "them instructors of it."))
            else:
                row.cohort = matches[0]
