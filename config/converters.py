"""URL converters. `<id:pk>` is Django's `<int:pk>` bounded by what the
database can hold: a number beyond a signed 64-bit integer simply matches no
URL (a 404), instead of reaching the database and overflowing there."""

from django.urls import register_converter

MAX_ID = 2**63 - 1  # BigAutoField's largest value on PostgreSQL and SQLite


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = posted_id(value)
        if number is None:
            raise ValueError("too large to be an id")  # the pattern does not match
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")


def posted_id(value) -> int | None:
    """A number typed or posted as an id (a question's, a row's, a level's index), or None when it is not one:
    ASCII digits only (str.isdigit also takes "²", which int() refuses) and within what a database id can be."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None
