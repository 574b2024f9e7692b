"""Dependencies run one way: lti and dashboard → review → quizzes → lessons → core. No module imports
from an app above it (lazy imports inside functions included), and no template loads the tag library of,
or includes a template of, an app above the one it belongs to."""

import ast
import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
# An app may use the apps on lower levels; apps on one level (lti, dashboard) do not use each other.
LEVELS = {"core": 0, "lessons": 1, "quizzes": 2, "review": 3, "dashboard": 4, "lti": 4}
LOAD = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")
TEMPLATE_USE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _imports(path: Path):
    """(line, imported module) for every import in the module, however deep in a function it is."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def _upward(app: str, other: str) -> bool:
    return other in LEVELS and other != app and LEVELS[other] >= LEVELS[app]


def import_violations() -> list[str]:
    found = []
    for app in LEVELS:
        for path in sorted((BASE / app).rglob("*.py")):
            for line, module in _imports(path):
                if _upward(app, module.split(".")[0]):
                    found.append(f"{path.relative_to(BASE)}:{line}: {app} imports {module}")
    return found


def private_import_violations() -> list[str]:
    """`from <module of ours> import _name`, except in a package's `__init__` gathering its own modules' names:
    a private name is its module's to change."""
    found = []
    for app in LEVELS:
        for path in sorted((BASE / app).rglob("*.py")):
            package = ".".join(path.relative_to(BASE).parent.parts) if path.name == "__init__.py" else None
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                        and node.module.split(".")[0] in LEVELS \
                        and not (package and node.module.startswith(package + ".")):
                    found += [f"{path.relative_to(BASE)}:{node.lineno}: imports {node.module}.{alias.name}"
                              for alias in node.names if alias.name.startswith("_")]
    return found


def _library_apps() -> dict[str, str]:
    """Each template tag library of Casebook's apps, and the app it belongs to."""
    return {path.stem: app for app in LEVELS for path in (BASE / app / "templatetags").glob("*.py")
            if path.stem != "__init__"}


def _template_app(relative: Path) -> str | None:
    """The app a template belongs to: templates/<app>/… or templates/admin/<app>/…; None if site-wide."""
    parts = relative.parts
    if parts[0] in LEVELS:
        return parts[0]
    if parts[0] == "admin" and len(parts) > 2 and parts[1] in LEVELS:
        return parts[1]
    return None


def template_violations() -> list[str]:
    libraries = _library_apps()
    found = []
    root = BASE / "templates"
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root)
        app = _template_app(relative)
        text = path.read_text(encoding="utf-8")
        # A site-wide template (base.html, includes/, registration/) stands with core, at the bottom.
        level_app = app or "core"
        for match in LOAD.finditer(text):
            for library in match.group(1).split():
                owner = libraries.get(library)
                if owner is not None and _upward(level_app, owner):
                    found.append(f"templates/{relative}: loads {library}, a tag library of {owner}")
        for match in TEMPLATE_USE.finditer(text):
            owner = _template_app(Path(match.group(1)))
            if owner is not None and _upward(level_app, owner):
                found.append(f"templates/{relative}: uses {match.group(1)}, a template of {owner}")
    return found


def test_no_module_imports_from_an_app_above_it():
    """Every module of every app imports only its own app, the apps below it, Django and libraries."""
    assert import_violations() == []


def test_no_module_imports_another_modules_private_names():
    """No module of an app imports a name another module keeps private (one starting with "_")."""
    assert private_import_violations() == []


def test_no_template_uses_tags_or_templates_of_an_app_above_it():
    """A template loads tag libraries and includes templates of its own app or those below it only."""
    assert template_violations() == []


def test_the_check_sees_an_upward_import_inside_a_function(tmp_path, monkeypatch):
    """A lazy import inside a function counts: the check names the module, the line and the import."""
    module = tmp_path / "lessons" / "sneaky.py"
    module.parent.mkdir()
    module.write_text("def reload():\n    from quizzes.content import read_questions\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.BASE", tmp_path)
    assert import_violations() == ["lessons/sneaky.py:2: lessons imports quizzes.content"]


def test_the_check_sees_a_template_loading_tags_from_above(tmp_path, monkeypatch):
    """A lessons template that loads quizzes' tags, or includes a review template, is named."""
    (tmp_path / "quizzes" / "templatetags").mkdir(parents=True)
    (tmp_path / "quizzes" / "templatetags" / "quiz_progress.py").write_text("", encoding="utf-8")
    (tmp_path / "templates" / "lessons").mkdir(parents=True)
    (tmp_path / "templates" / "lessons" / "home.html").write_text(
        '{% load i18n quiz_progress %}{% include "review/includes/due_link.html" %}', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.BASE", tmp_path)
    assert template_violations() == [
        "templates/lessons/home.html: loads quiz_progress, a tag library of quizzes",
        "templates/lessons/home.html: uses review/includes/due_link.html, a template of review",
    ]
