"""The registry of question types: every module of this package that does
not start with an underscore declares one `QuestionType` subclass, and is
found here. Everything else in Casebook asks the registry; adding a type is
adding its module and its template (`templates/quizzes/types/<code>.html`).
"""

import importlib
import pkgutil

from quizzes.types.base import AnswerError, QuestionType

__all__ = ["AnswerError", "QuestionType", "REGISTRY", "get_type", "type_choices"]


def _discover() -> dict[str, QuestionType]:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_") and module.name != "base":
            importlib.import_module(f"{__name__}.{module.name}")
    found = []
    pending = list(QuestionType.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.code:
            found.append(cls())
    return {qtype.code: qtype for qtype in sorted(found, key=lambda qtype: (qtype.position, qtype.code))}


REGISTRY: dict[str, QuestionType] = _discover()


def get_type(code: str) -> QuestionType:
    """The registered type with this code (KeyError for an unknown one)."""
    return REGISTRY[code]


def type_choices() -> list[tuple[str, str]]:
    return [(code, qtype.label) for code, qtype in REGISTRY.items()]
