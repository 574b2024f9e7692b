"""Load the course from `content/`: read and validate every file first, then
write in one transaction, updating rows in place by slug.

Rows are matched by their stable slugs and saved only when something changed,
so a second run changes nothing, and an edited lesson keeps its id (and so
every student's progress). Glossary, timeline, causes and tables are owned by
the files: rows no longer in them are removed. Lessons are never removed here,
because students' progress hangs on them; the report lists any left over.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models

from lessons.content_files import (
    ContentError, ContentErrors, Entry, check_fields, line_in, parse_partial_date, read_entries,
    read_front_matter, parse_toml,
)
from lessons import editions
from lessons.markdown import EMBED_LINE, LESSON_MAX, TERM_LINK, heading_ids, render_lesson
from lessons.models import (
    Cause, CauseKind, Chapter, Course, DataTable, KeyTerm, Lesson, TimelineEvent,
)

FIGURES = {"georgia-map"}
HEADING = re.compile(r"^(#{2,3})\s+(.*)$")
EXPLICIT_ID = re.compile(r"^#{1,6}\s.*\{#([a-z0-9-]+)\}\s*$", re.M)
# The longest text of each field the files give, in characters: the database's
# own limit where it has one, else PROSE, far above the course's longest (384).
PROSE = 2_000


def _limits(model: type[models.Model], names: list[str]) -> dict[str, int]:
    return {name: model._meta.get_field(name).max_length or PROSE for name in names}


TEXT_LIMITS = {
    "chapter": _limits(Chapter, ["title", "summary"]),
    "lesson": _limits(Lesson, ["title"]),
    "term": _limits(KeyTerm, ["term", "chinese", "definition"]),
    "event": _limits(TimelineEvent, ["title", "description"]),
    "cause": _limits(Cause, ["title", "text"]),
    "table": _limits(DataTable, ["number", "caption", "source"]),
}


@dataclass
class LessonFile:
    path: Path
    meta: dict
    body: str
    body_line: int
    chapter: int
    anchors: set[str] = field(default_factory=set)


@dataclass
class CourseContent:
    root: Path
    course: dict
    chapters: list[dict]
    lessons: dict[str, LessonFile]
    terms: list[Entry]
    events: list[Entry]
    causes: list[Entry]
    tables: list[Entry]
    #: The Chinese edition's text, keyed like the English: {"course": {...}, "chapter": {number: {...}},
    #: "lesson": {slug: {...}}, "term" / "event" / "cause" / "table": {slug: {...}}} (lessons.editions).
    zh: dict = field(default_factory=dict)

    @property
    def event_by_slug(self) -> dict[str, Entry]:
        return {e.data["slug"]: e for e in self.events}

    @property
    def cause_by_slug(self) -> dict[str, Entry]:
        return {e.data["slug"]: e for e in self.causes}

    def check_link(self, entry: Entry, errors: list[ContentError], *, anchor_required=False) -> None:
        """The entry's `lesson` (and `anchor`) must name a real lesson heading."""
        lesson = self.lessons.get(entry.data.get("lesson"))
        if lesson is None:
            errors.append(entry.error("lesson", f"unknown lesson {entry.data.get('lesson')!r}"))
            return
        anchor = entry.data.get("anchor")
        if anchor is None and anchor_required:
            errors.append(entry.error(None, "missing field 'anchor' (the heading that teaches this)"))
        elif anchor is not None and anchor not in lesson.anchors:
            errors.append(entry.error(
                "anchor", f"lesson {lesson.meta['slug']!r} has no heading with id {anchor!r}"))


def check_lengths(entry: Entry, limits: dict[str, int], errors: list[ContentError]) -> None:
    for key, limit in limits.items():
        value = entry.data.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors.append(entry.error(key, f"{key} is {len(value):,} characters long; at most {limit:,}"))


def _duplicates(entries: list[Entry], kind: str, errors: list[ContentError]) -> None:
    seen: dict[str, Entry] = {}
    for entry in entries:
        slug = entry.data.get("slug")
        if slug in seen:
            first = seen[slug]
            errors.append(entry.error("slug", f"duplicate {kind} slug {slug!r} (also at {first.path}:{first.line})"))
        else:
            seen[slug] = entry


def _read_all(root: Path, folder: str, table: str, errors) -> list[Entry]:
    entries = []
    for path in editions.english_files(sorted((root / folder).glob("*.toml"))):
        entries += read_entries(path, table, errors)
    return entries


def read_course(root: Path) -> CourseContent:
    """Read and validate the course files; raise ContentErrors listing every problem."""
    errors: list[ContentError] = []
    course_path = root / "course.toml"
    if not course_path.exists():
        raise ContentErrors([ContentError(course_path, 1, "course.toml is missing")])
    course = parse_toml(course_path.read_text(encoding="utf-8"), course_path, errors) or {}
    chapter_entries = read_entries(course_path, "chapter", []) if course else []
    for key in sorted(set(course) - {"slug", "title", "summary", "source", "chapter"}):
        errors.append(ContentError(course_path, 1, f"unknown field {key!r}"))
    for entry in chapter_entries:
        check_fields(entry, {"number", "slug", "title", "summary"}, set(), errors)
        check_lengths(entry, TEXT_LIMITS["chapter"], errors)
    chapters = [e.data for e in chapter_entries]
    numbers = {c.get("number") for c in chapters}

    content = CourseContent(root, course, chapters, {}, [], [], [], [])
    content.terms = _read_all(root, "glossary", "term", errors)
    content.events = _read_all(root, "timeline", "event", errors)
    content.causes = _read_all(root, "causes", "cause", errors)
    tables_path = root / "tables.toml"
    content.tables = read_entries(tables_path, "table", errors) if tables_path.exists() else []
    _read_lessons(content, numbers, errors)
    _read_edition(content, course_path, chapter_entries, errors)

    term_slugs = {e.data.get("slug") for e in content.terms}
    table_by_slug = {e.data.get("slug"): e for e in content.tables}
    for lesson in content.lessons.values():
        _check_lesson_body(lesson, term_slugs, table_by_slug, errors)

    for entry in content.terms:
        if check_fields(entry, {"slug", "term", "definition", "lesson"}, {"chinese", "anchor", "source_line"}, errors):
            content.check_link(entry, errors)
    for entry in content.events:
        if check_fields(entry, {"slug", "date", "title", "description", "lesson"}, {"anchor", "source_line"}, errors):
            content.check_link(entry, errors)
            try:
                parse_partial_date(entry.data["date"])
            except ValueError as error:
                errors.append(entry.error("date", str(error)))
    kinds = set(CauseKind.values)
    for entry in content.causes:
        if check_fields(entry, {"slug", "kind", "title", "text", "lesson"}, {"anchor", "source_lines"}, errors):
            content.check_link(entry, errors)
            if entry.data["kind"] not in kinds:
                errors.append(entry.error("kind", f"kind must be one of {', '.join(sorted(kinds))}"))
    for entry in content.tables:
        if check_fields(entry, {"slug", "number", "caption", "source", "lesson", "columns", "rows"},
                        {"source_lines"}, errors):
            content.check_link(entry, errors)
            width = len(entry.data["columns"])
            for index, row in enumerate(entry.data["rows"], start=1):
                if not isinstance(row, list) or len(row) != width:
                    errors.append(entry.error("rows", f"row {index} must have {width} cells"))
    for entries, kind in ((content.terms, "term"), (content.events, "event"),
                          (content.causes, "cause"), (content.tables, "table")):
        _duplicates(entries, kind, errors)
        for entry in entries:
            check_lengths(entry, TEXT_LIMITS[kind], errors)
    if errors:
        raise ContentErrors(errors)
    return content


def _read_lessons(content: CourseContent, numbers: set, errors: list[ContentError]) -> None:
    positions: Counter = Counter()
    for path in editions.english_files(sorted((content.root / "lessons").glob("*/*.md"))):
        folder = path.parent.name
        number = folder.split("-", 1)[0]
        if not number.isdigit() or int(number) not in numbers:
            errors.append(ContentError(path, 1, f"folder {folder!r} does not start with a chapter number of course.toml"))
            continue
        meta, body, body_line = read_front_matter(path, errors)
        if meta is None:
            continue
        entry = Entry(meta, path, 1, path.read_text(encoding="utf-8").splitlines())
        if not check_fields(entry, {"slug", "title", "position", "minutes", "objectives"}, {"source_lines"}, errors):
            continue
        lesson = LessonFile(path, meta, body, body_line, int(number))
        if meta["slug"] in content.lessons:
            errors.append(entry.error("slug", f"duplicate lesson slug {meta['slug']!r} (also {content.lessons[meta['slug']].path})"))
            continue
        positions[(lesson.chapter, meta["position"])] += 1
        if positions[(lesson.chapter, meta["position"])] > 1:
            errors.append(entry.error("position", f"position {meta['position']} is used twice in chapter {lesson.chapter}"))
        if not isinstance(meta["objectives"], list) or not all(isinstance(o, str) for o in meta["objectives"]):
            errors.append(entry.error("objectives", "objectives must be a list of strings"))
        check_lengths(entry, TEXT_LIMITS["lesson"], errors)
        if len(body) > LESSON_MAX:
            errors.append(ContentError(path, body_line, f"the lesson is {len(body):,} characters long; "
                                                        f"at most {LESSON_MAX:,}"))
            lesson.anchors = set(EXPLICIT_ID.findall(body))  # what questions may link to, without rendering
        else:
            lesson.anchors = set(heading_ids(render_lesson(body).headings))
        content.lessons[meta["slug"]] = lesson


def _read_edition(content: CourseContent, course_path: Path, chapters: list[Entry], errors) -> None:
    """The Chinese edition's variants, checked against the English files (lessons.editions)."""
    editions.orphan_variants(content.root, errors)
    zh = content.zh
    zh["course"], zh["chapter"] = editions.read_course_variant(course_path, content.course, chapters, errors)
    zh["lesson"] = {}
    for slug, lesson in content.lessons.items():
        texts = editions.read_lesson_variant(lesson, errors)
        if texts is not None:
            zh["lesson"][slug] = texts
    for kind, entries in (("term", content.terms), ("event", content.events),
                          ("cause", content.causes), ("table", content.tables)):
        zh[kind] = editions.read_variant_entries(entries, kind, kind, errors, TEXT_LIMITS[kind])


def _check_lesson_body(lesson: LessonFile, term_slugs: set, tables: dict, errors) -> None:
    seen: set[str] = set()
    in_fence = False
    for offset, line in enumerate(lesson.body.splitlines()):
        if line.startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            found = re.search(r"\{#([a-z0-9-]+)\}\s*$", match.group(2))
            if not found:
                errors.append(ContentError(lesson.path, lesson.body_line + offset,
                                           "heading needs an explicit id, like '## Title {#title}'"))
            elif found.group(1) in seen:
                errors.append(ContentError(lesson.path, lesson.body_line + offset,
                                           f"heading id {found.group(1)!r} is used twice"))
            else:
                seen.add(found.group(1))
    for match in TERM_LINK.finditer(lesson.body):
        if match.group(1) not in term_slugs:
            errors.append(ContentError(lesson.path, line_in(lesson.body, match.group(0), lesson.body_line),
                                       f"unknown glossary term [[{match.group(1)}]]"))
    for match in EMBED_LINE.finditer(lesson.body):
        kind, slug, arg = match.group(1), match.group(2), match.group(3)
        line = line_in(lesson.body, match.group(0), lesson.body_line)
        if kind == "figure" and slug not in FIGURES:
            errors.append(ContentError(lesson.path, line, f"unknown figure {slug!r}"))
        elif kind in ("table", "chart") and slug not in tables:
            errors.append(ContentError(lesson.path, line, f"unknown table {slug!r}"))
        elif kind == "chart" and arg not in tables[slug].data.get("columns", [])[1:]:
            errors.append(ContentError(lesson.path, line, f"table {slug!r} has no column {arg!r}"))


# ---- writing ------------------------------------------------------------------

def upsert(model: type[models.Model], lookup: dict, values: dict, report: Counter) -> models.Model:
    """Create or update one row; save only when a value changed."""
    obj = model.objects.filter(**lookup).first()
    name = model._meta.verbose_name_plural
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report[(name, "created")] += 1
        return obj
    changed = [f for f, v in values.items() if getattr(obj, f) != v]
    if changed:
        for f in changed:
            setattr(obj, f, values[f])
        obj.save(update_fields=changed + [f.name for f in model._meta.fields if getattr(f, "auto_now", False)])
        report[(name, "updated")] += 1
    else:
        report[(name, "unchanged")] += 1
    return obj


def _remove_missing(model, course, slugs, report: Counter) -> None:
    stale = model.objects.filter(course=course).exclude(slug__in=slugs)
    count = stale.count()
    if count:
        stale.delete()
        report[(model._meta.verbose_name_plural, "removed")] += count


def write_course(content: CourseContent, report: Counter) -> tuple[Course, dict[str, Lesson]]:
    """Write the validated course; call inside a transaction."""
    data, zh = content.course, content.zh
    course = upsert(Course, {"slug": data["slug"]}, {
        "title": data["title"], "summary": data.get("summary", "").strip(),
        "source": data.get("source", "").strip(), "zh_hant": zh.get("course", {})}, report)
    chapters = {}
    for chapter in content.chapters:
        chapters[chapter["number"]] = upsert(Chapter, {"course": course, "number": chapter["number"]}, {
            "slug": chapter["slug"], "title": chapter["title"], "summary": chapter["summary"].strip(),
            "zh_hant": zh.get("chapter", {}).get(chapter["number"], {})}, report)

    lessons: dict[str, Lesson] = {}
    existing = {(row.chapter_id, row.slug): row for row in Lesson.objects.filter(chapter__course=course)}
    # Free positions first so that reordered lessons never collide mid-update.
    for lesson_file in content.lessons.values():
        chapter = chapters[lesson_file.chapter]
        current = existing.get((chapter.pk, lesson_file.meta["slug"]))
        if current and current.position != lesson_file.meta["position"]:
            Lesson.objects.filter(pk=current.pk).update(position=1000 + current.pk)
            current.position = 1000 + current.pk
    for slug, lesson_file in content.lessons.items():
        meta = lesson_file.meta
        lessons[slug] = upsert(Lesson, {"chapter": chapters[lesson_file.chapter], "slug": slug}, {
            "position": meta["position"], "title": meta["title"],
            "objectives": "\n".join(meta["objectives"]), "body": lesson_file.body.strip() + "\n",
            "estimated_minutes": meta["minutes"], "source_lines": meta.get("source_lines", ""),
            "zh_hant": zh.get("lesson", {}).get(slug, {}),
        }, report)
    leftover = Lesson.objects.filter(chapter__course=course).exclude(slug__in=list(lessons)).count()
    if leftover:
        report[("lessons", "kept although no longer in content/")] += leftover

    def link(entry: Entry, kind: str) -> dict:
        return {"lesson": lessons[entry.data["lesson"]], "anchor": entry.data.get("anchor", ""),
                "zh_hant": zh.get(kind, {}).get(entry.data["slug"], {})}

    for entry in content.terms:
        d = entry.data
        upsert(KeyTerm, {"course": course, "slug": d["slug"]}, {
            "term": d["term"], "chinese": d.get("chinese", ""), "definition": d["definition"].strip(),
            "source_line": d.get("source_line"), **link(entry, "term")}, report)
    for entry in content.events:
        d = entry.data
        date, precision = parse_partial_date(d["date"])
        upsert(TimelineEvent, {"course": course, "slug": d["slug"]}, {
            "date": date, "precision": precision, "title": d["title"],
            "description": d["description"].strip(), "source_line": d.get("source_line"), **link(entry, "event")}, report)
    for entry in content.causes:
        d = entry.data
        upsert(Cause, {"course": course, "slug": d["slug"]}, {
            "kind": d["kind"], "title": d["title"], "text": d["text"].strip(),
            "source_lines": d.get("source_lines", ""), **link(entry, "cause")}, report)
    for entry in content.tables:
        d = entry.data
        upsert(DataTable, {"course": course, "slug": d["slug"]}, {
            "number": d["number"], "caption": d["caption"], "source": d["source"],
            "columns": d["columns"], "rows": d["rows"], "source_lines": d.get("source_lines", ""),
            "lesson": lessons[d["lesson"]], "zh_hant": zh.get("table", {}).get(d["slug"], {})}, report)
    for model, entries in ((KeyTerm, content.terms), (TimelineEvent, content.events),
                           (Cause, content.causes), (DataTable, content.tables)):
        _remove_missing(model, course, [e.data["slug"] for e in entries], report)
    return course, lessons
