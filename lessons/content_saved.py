"""What apps above lessons do when one piece of the case study is saved by hand (the admin's key term
and timeline event pages): review makes the new item's cards. Lessons may not import those apps, so
each registers a function `(item) -> None` in its AppConfig.ready(); the course loader has its own
parts (lessons.course_loader) for whole loads."""

from collections.abc import Callable

_listeners: list[Callable] = []


def content_saved_register(listener: Callable) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def content_saved(item) -> None:
    """Tell every registered app that `item` (a KeyTerm or TimelineEvent) was added or changed."""
    for listener in _listeners:
        listener(item)
