"""What apps above add to the sign-up form, without core importing them.

An app registers a `SignUpPart` in its AppConfig.ready(): the form fields it adds, and the step that runs
inside the sign-up's transaction once the account exists (lessons: the class join code). A step refuses
with `SignUpRefused`: the whole sign-up is rolled back, so no account is left behind, and the form shows
the message under its field."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms


class SignUpRefused(Exception):
    """A part refused the sign-up; the message is for the person, under the form's `field`."""

    def __init__(self, field: str, message: str, status: int = 200):
        super().__init__(message)
        self.field = field
        self.status = status


@dataclass(frozen=True)
class SignUpPart:
    # (user=, data=the form's cleaned data, request=, now=) -> the welcome message, or None for the default one.
    step: Callable[..., str | None]
    fields: dict[str, forms.Field] = field(default_factory=dict)


_parts: list[SignUpPart] = []


def signup_part_register(part: SignUpPart) -> None:
    if part not in _parts:
        _parts.append(part)


def signup_parts() -> tuple[SignUpPart, ...]:
    return tuple(_parts)
