"""The Chinese edition of the course files: `.zh-hant` variants beside the
English files (content/README.md, "The Chinese edition").

The English file is the master: it alone holds keys, slugs, order, dates,
numbers, links and answer keys. A variant holds only what a person reads and
mirrors its English file entry by entry. Reading a variant checks that it
agrees with its English file and reports each difference as `FILE:LINE:
message` on the variant; what it keeps is only text, keyed by slug.
"""

import re
from pathlib import Path

from lessons.content_files import ContentError, Entry, parse_toml, read_entries, read_front_matter
from lessons.markdown import EMBED_LINE, TERM_LINK

LANGUAGE = "zh-hant"
SUFFIX = f".{LANGUAGE}"

#: Keys that decide grading, order or links: never in a variant.
KEY_FIELDS = frozenset({
    "correct", "answer", "event", "cause", "events", "which", "cause_kind", "value", "tolerance",
    "tolerance_percent", "credit", "points", "type", "topic", "lesson", "anchor", "tags", "date",
    "position", "source_line", "source_lines", "draw", "draw_tags", "attempts", "time_limit", "grading",
    "pass_mark", "feedback_timing", "published", "weight", "kind", "number", "chinese", "term",
    "questions", "chapter", "shuffle_questions", "minutes",
})

#: What a person reads in each kind of entry (beyond its slug).
TEXT_FIELDS = {
    "chapter": {"title", "summary"},
    "term": {"definition"},
    "event": {"title", "description"},
    "cause": {"title", "text"},
    "table": {"caption", "source", "columns", "rows"},
    "quiz": {"title", "description"},
}
COURSE_TEXT = {"title", "summary", "source"}
HEADING = re.compile(r"^(#{2,3})\s+.*?\{#([a-z0-9-]+)\}\s*$")
BOXES = {"sources-disagree": ("> **The sources disagree:**", "> **資料來源不一致：**"),
         "slip": ("> **A probable slip in the thesis:**", "> **論文可能筆誤：**")}


def is_variant(path: Path) -> bool:
    return path.name.endswith(SUFFIX + path.suffix)


def variant_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SUFFIX + path.suffix)


def english_of(path: Path) -> Path:
    return path.with_name(path.name[: -len(SUFFIX + path.suffix)] + path.suffix)


def english_files(paths) -> list[Path]:
    return [p for p in paths if not is_variant(p)]


def orphan_variants(root: Path, errors: list[ContentError]) -> None:
    """A variant whose English file does not exist translates nothing."""
    for path in sorted(root.rglob(f"*{SUFFIX}.*")):
        if is_variant(path) and not english_of(path).exists():
            errors.append(ContentError(path, 1, f"no English file {english_of(path).name} for this translation"))


# ---- TOML variants --------------------------------------------------------------

def sub_line(entry: Entry, table: str, index: int) -> int:
    """The line of the index-th (from 0) `[[table]]` header inside entry."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    found = [n for n, line in enumerate(entry.lines) if header.match(line)]
    return entry.line + found[index] if index < len(found) else entry.line


def key_field_errors(entry: Entry, data: dict, where: str, errors: list[ContentError], line: int | None = None) -> None:
    for key in sorted(set(data) & KEY_FIELDS):
        errors.append(ContentError(entry.path, line or entry.line_of(key),
                                   f"{where}{key!r} is a key: it belongs in the English file only, not in a translation"))


def check_text_fields(variant: Entry, allowed: set[str], errors: list[ContentError], where: str = "") -> bool:
    """No key fields, no unknown fields, and text where text is expected."""
    ok = True
    key_field_errors(variant, variant.data, where, errors)
    for key in sorted(set(variant.data) - allowed - {"slug"} - KEY_FIELDS):
        errors.append(variant.error(key, f"{where}unknown field {key!r} in a translation"))
        ok = False
    return ok and not (set(variant.data) & KEY_FIELDS)


def paired_entries(english: list[Entry], path: Path, table: str, errors: list[ContentError],
                   top: frozenset = frozenset()) -> list[tuple[Entry, Entry]]:
    """The variant's entries beside the English ones, in the same order and by the same slugs."""
    variants = read_entries(path, table, errors, top)
    pairs = []
    for index, variant in enumerate(variants):
        if index >= len(english):
            errors.append(variant.error(None, f"[[{table}]] {variant.data.get('slug')!r} is not in the English file "
                                              f"({len(english)} entries there)"))
            continue
        expected = english[index].data.get("slug")
        if variant.data.get("slug") != expected:
            errors.append(variant.error("slug", f"entry {index + 1} has slug {variant.data.get('slug')!r}; the English "
                                                f"file has {expected!r} here (same entries, same order)"))
            continue
        pairs.append((english[index], variant))
    if len(variants) < len(english):
        line = variants[-1].line if variants else 1
        missing = ", ".join(repr(e.data.get("slug")) for e in english[len(variants):])
        errors.append(ContentError(path, line, f"missing [[{table}]] {missing} (the English file has "
                                               f"{len(english)} entries)"))
    return pairs


def check_table_shape(english: Entry, variant: Entry, errors: list[ContentError]) -> None:
    e, v = english.data, variant.data
    if "columns" in v and (not isinstance(v["columns"], list) or len(v["columns"]) != len(e.get("columns", []))):
        errors.append(variant.error("columns", f"columns must have {len(e.get('columns', []))} entries, as in English"))
    if "rows" not in v:
        return
    rows = e.get("rows", [])
    if not isinstance(v["rows"], list) or len(v["rows"]) != len(rows):
        errors.append(variant.error("rows", f"rows must have {len(rows)} rows, as in English"))
        return
    for number, (mine, theirs) in enumerate(zip(v["rows"], rows, strict=True), start=1):
        if not isinstance(mine, list) or len(mine) != len(theirs):
            errors.append(variant.error("rows", f"row {number} must have {len(theirs)} cells, as in English"))
            continue
        for column, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
            if not isinstance(b, str) and a != b:
                errors.append(variant.error("rows", f"row {number}, cell {column}: a number stays as in English ({b!r})"))
            elif isinstance(b, str) and not isinstance(a, str):
                errors.append(variant.error("rows", f"row {number}, cell {column}: text in English, so text here"))


def read_variant_entries(english: list[Entry], table: str, kind: str, errors: list[ContentError],
                         limits: dict[str, int] | None = None) -> dict[str, dict]:
    """{slug: translated text fields} from the variants of the files the English entries come from
    (`limits`: the longest each text may be, as for the English)."""
    texts: dict[str, dict] = {}
    by_file: dict[Path, list[Entry]] = {}
    for entry in english:
        by_file.setdefault(entry.path, []).append(entry)
    for path, entries in by_file.items():
        variant_path = variant_of(path)
        if not variant_path.exists():
            continue
        for en, variant in paired_entries(entries, variant_path, table, errors):
            if kind == "quiz" and "feedback" in variant.data:
                errors.append(variant.error("feedback", "'feedback' (when a quiz shows feedback) is a key: it "
                                                        "belongs in the English file only, not in a translation"))
                continue
            if not check_text_fields(variant, TEXT_FIELDS[kind], errors):
                continue
            for key in TEXT_FIELDS[kind] & set(variant.data):
                if key not in en.data:
                    errors.append(variant.error(key, f"the English entry has no {key!r} to translate"))
                elif isinstance(en.data[key], str) and not isinstance(variant.data[key], str):
                    errors.append(variant.error(key, f"{key} must be text"))
            if kind == "table":
                check_table_shape(en, variant, errors)
            for key, limit in (limits or {}).items():
                value = variant.data.get(key)
                if isinstance(value, str) and len(value) > limit:
                    errors.append(variant.error(key, f"{key} is {len(value):,} characters long; at most {limit:,}"))
            texts[en.data["slug"]] = {k: v.strip() if isinstance(v, str) else v
                                      for k, v in variant.data.items() if k != "slug"}
    return texts


def read_course_variant(course_path: Path, course: dict, chapters: list[Entry], errors) -> tuple[dict, dict]:
    """(the course's translated fields, {chapter number: translated fields})."""
    path = variant_of(course_path)
    if not path.exists():
        return {}, {}
    data = parse_toml(path.read_text(encoding="utf-8"), path, errors)
    if data is None:
        return {}, {}
    top = Entry({k: v for k, v in data.items() if k != "chapter"}, path, 1, path.read_text(encoding="utf-8").splitlines())
    for key in sorted(set(top.data) - COURSE_TEXT - {"slug"}):
        errors.append(top.error(key, f"{key!r} is a key: it belongs in the English file only, not in a translation"
                                if key in KEY_FIELDS else f"unknown field {key!r} in a translation"))
    if top.data.get("slug", course.get("slug")) != course.get("slug"):
        errors.append(top.error("slug", f"slug must be {course.get('slug')!r}, as in course.toml"))
    course_texts = {k: v.strip() for k, v in top.data.items() if k in COURSE_TEXT and isinstance(v, str)}
    chapter_texts = {}
    for en, variant in paired_entries(chapters, path, "chapter", errors, frozenset(data)):
        number = variant.data.pop("number", en.data.get("number"))
        if number != en.data.get("number"):
            errors.append(variant.error("number", f"chapter number must be {en.data.get('number')}, as in English"))
        if check_text_fields(variant, TEXT_FIELDS["chapter"], errors):
            chapter_texts[en.data.get("number")] = {k: v.strip() for k, v in variant.data.items()
                                                    if k in TEXT_FIELDS["chapter"] and isinstance(v, str)}
    return course_texts, chapter_texts


# ---- lessons --------------------------------------------------------------------

def _structure(body: str, first_line: int) -> dict[str, list[tuple]]:
    """Headings (level, id), term links, embeds and marked boxes of a body, in order, with their lines."""
    found: dict[str, list[tuple]] = {"heading": [], "term": [], "embed": [], "box": []}
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if match := HEADING.match(line):
            found["heading"].append(((len(match.group(1)), match.group(2)), number))
        for term in TERM_LINK.finditer(line):
            found["term"].append((term.group(1), number))
        if EMBED_LINE.match(line):
            found["embed"].append((line.strip(), number))
        for kind, markers in BOXES.items():
            if any(line.startswith(m) for m in markers):
                found["box"].append((kind, number))
    return found


WHAT = {"heading": "heading", "term": "term link", "embed": "embed", "box": "marked box"}


def _show(kind: str, value) -> str:
    if kind == "heading":
        return f"{'#' * value[0]} {{#{value[1]}}}"
    if kind == "term":
        return f"[[{value}]]"
    return str(value)


def compare_lesson(english_body: str, english_line: int, path: Path, body: str, body_line: int,
                   errors: list[ContentError]) -> None:
    """The variant's headings, term links, embeds and boxes must be the English ones, in order."""
    mine, theirs = _structure(body, body_line), _structure(english_body, english_line)
    for kind in ("heading", "term", "embed", "box"):
        a, b = mine[kind], theirs[kind]
        for index in range(max(len(a), len(b))):
            if index >= len(a):
                line = a[-1][1] if a else body_line
                errors.append(ContentError(path, line, f"missing {WHAT[kind]} {_show(kind, b[index][0])} "
                                                       f"(English line {b[index][1]})"))
                break
            if index >= len(b):
                errors.append(ContentError(path, a[index][1], f"extra {WHAT[kind]} {_show(kind, a[index][0])}: "
                                                              f"the English has no more"))
                break
            if a[index][0] != b[index][0]:
                errors.append(ContentError(path, a[index][1], f"{WHAT[kind]} {_show(kind, a[index][0])} where the "
                                                              f"English has {_show(kind, b[index][0])} "
                                                              f"(line {b[index][1]})"))
                break


def read_lesson_variant(lesson, errors: list[ContentError]) -> dict | None:
    """The translated title, objectives and body of one lesson, or None."""
    path = variant_of(lesson.path)
    if not path.exists():
        return None
    meta, body, body_line = read_front_matter(path, errors)
    if meta is None:
        return None
    entry = Entry(meta, path, 1, path.read_text(encoding="utf-8").splitlines())
    before = len(errors)
    check_text_fields(entry, {"title", "objectives"}, errors)
    if meta.get("slug") != lesson.meta["slug"]:
        errors.append(entry.error("slug", f"slug must be {lesson.meta['slug']!r}, as in {lesson.path.name}"))
    objectives = meta.get("objectives", lesson.meta["objectives"])
    if not isinstance(objectives, list) or len(objectives) != len(lesson.meta["objectives"]) \
            or not all(isinstance(o, str) for o in objectives):
        errors.append(entry.error("objectives", f"objectives must be {len(lesson.meta['objectives'])} strings, "
                                                f"as in English"))
    if not isinstance(meta.get("title", ""), str):
        errors.append(entry.error("title", "title must be text"))
    compare_lesson(lesson.body, lesson.body_line, path, body, body_line, errors)
    if len(errors) > before:
        return None
    texts = {"body": body.strip() + "\n"}
    if "title" in meta:
        texts["title"] = meta["title"]
    if "objectives" in meta:
        texts["objectives"] = "\n".join(objectives)
    return texts


def mirror_parts(english: Entry, variant: Entry, table: str, allowed, errors: list[ContentError]) -> list[dict]:
    """A question's `[[question.<table>]]` parts in a variant: one for every English
    part, in order, each with only the text fields `allowed(english part)` names.
    Returns the variant's parts (empty dicts where it has none or is at fault)."""
    mine, theirs = variant.data.get(table, []), english.data.get(table, [])
    name = f"[[question.{table}]]"
    if not isinstance(mine, list) or len(mine) != len(theirs):
        count = len(mine) if isinstance(mine, list) else 0
        line = sub_line(variant, f"question.{table}", min(count, len(theirs)) if count > len(theirs) else 0)
        errors.append(ContentError(variant.path, line if count else variant.line,
                                   f"{count} {name} here; the English has {len(theirs)} (one for each, in order"
                                   f"{', empty where there is nothing to translate' if theirs else ''})"))
        return [{} for _ in theirs]
    parts = []
    for index, (part, english_part) in enumerate(zip(mine, theirs, strict=True)):
        line = sub_line(variant, f"question.{table}", index)
        ok = set(allowed(english_part))
        key_field_errors(variant, part, f"{table} {index + 1}: ", errors, line=line)
        bad = sorted(set(part) - ok - KEY_FIELDS)
        for key in bad:
            errors.append(ContentError(variant.path, line, f"{table} {index + 1}: {key!r} cannot be translated here "
                                                           f"(the English {table} has none)"))
        wrong = [k for k in ok & set(part) if not isinstance(part[k], str)]
        for key in wrong:
            errors.append(ContentError(variant.path, line, f"{table} {index + 1}: {key} must be text"))
        parts.append({} if bad or wrong or set(part) & KEY_FIELDS else {k: v.strip() for k, v in part.items()})
    return parts
