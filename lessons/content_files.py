"""Reading the course's TOML and Markdown files with line numbers, so that
every loader error can say `FILE:LINE: what is wrong`."""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*\n", re.S)
TOML_LINE = re.compile(r"at line (\d+)")


@dataclass
class ContentError:
    path: Path
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Entry:
    """One `[[table]]` entry of a TOML file, with where it starts."""

    data: dict
    path: Path
    line: int
    lines: list[str] = field(repr=False, default_factory=list)  # this entry's own lines

    def line_of(self, key: str) -> int:
        """The line of `key = …` inside this entry (or the entry's own line)."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for offset, line in enumerate(self.lines):
            if pattern.match(line):
                return self.line + offset
        return self.line

    def error(self, key: str | None, message: str) -> ContentError:
        return ContentError(self.path, self.line_of(key) if key else self.line, message)


class ContentErrors(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def parse_toml(text: str, path: Path, errors: list[ContentError], line_offset: int = 0) -> dict | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = TOML_LINE.search(str(error))
        line = int(found.group(1)) + line_offset if found else 1 + line_offset
        errors.append(ContentError(path, line, f"TOML syntax: {error}"))
        return None


def read_entries(path: Path, table: str, errors: list[ContentError], top: frozenset = frozenset()) -> list[Entry]:
    """The `[[table]]` entries of one TOML file, each with its line number
    (`top`: other top-level keys the file may have, checked by the caller)."""
    text = path.read_text(encoding="utf-8")
    data = parse_toml(text, path, errors)
    if data is None:
        return []
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
    unknown = set(data) - {table} - top
    for key in sorted(unknown):
        errors.append(ContentError(path, 1, f"unknown top-level key {key!r} (expected [[{table}]] entries)"))
    items = data.get(table, [])
    if not isinstance(items, list):
        errors.append(ContentError(path, 1, f"{table!r} must be a list of [[{table}]] tables"))
        return []
    lines = text.splitlines()
    ends = starts[1:] + [len(lines) + 1]
    entries = []
    for index, item in enumerate(items):
        start = starts[index] if index < len(starts) else 1
        end = ends[index] if index < len(ends) else len(lines) + 1
        entries.append(Entry(item, path, start, lines[start - 1:end - 1]))
    return entries


def check_fields(entry: Entry, required: set[str], optional: set[str], errors: list[ContentError]) -> bool:
    ok = True
    for key in sorted(set(entry.data) - required - optional):
        errors.append(entry.error(key, f"unknown field {key!r}"))
        ok = False
    for key in sorted(required - set(entry.data)):
        errors.append(entry.error(None, f"missing field {key!r}"))
        ok = False
    slug = entry.data.get("slug")
    if "slug" in required and slug is not None and (not isinstance(slug, str) or not SLUG.match(slug)):
        errors.append(entry.error("slug", f"slug {slug!r} must be lower-case letters, digits and hyphens"))
        ok = False
    return ok


def parse_partial_date(value) -> tuple[datetime.date, str]:
    """'1991' → (1991-01-01, 'year'); '1991-04' → month; '1991-04-09' → day."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            return datetime.date(year, month, 1), "month"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text), "day"
    except ValueError:
        pass
    raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def read_front_matter(path: Path, errors: list[ContentError]) -> tuple[dict | None, str, int]:
    """(front matter, body, line where the body starts) of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        errors.append(ContentError(path, 1, "missing +++ front matter at the top of the file"))
        return None, text, 1
    data = parse_toml(match.group(1), path, errors, line_offset=1)
    body_line = text[: match.end()].count("\n") + 1
    return data, text[match.end():], body_line


def line_in(text: str, needle: str, first_line: int = 1) -> int:
    index = text.find(needle)
    return first_line + (text[:index].count("\n") if index >= 0 else 0)


def event_sort_key(event: Entry) -> tuple[datetime.date, str]:
    """A timeline event's date and precision, for putting events in order."""
    return parse_partial_date(event.data["date"])


def comparable_events(a: Entry, b: Entry) -> bool:
    """Two events can be ordered when they differ at the coarser of their precisions."""
    (da, pa), (db, pb) = event_sort_key(a), event_sort_key(b)
    coarse = "year" if "year" in (pa, pb) else "month" if "month" in (pa, pb) else "day"
    key = {"year": lambda d: (d.year,), "month": lambda d: (d.year, d.month), "day": lambda d: (d.year, d.month, d.day)}
    return key[coarse](da) != key[coarse](db)
