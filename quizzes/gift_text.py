"""The text layer of Moodle's GIFT format: escapes, format markers and
splitting at unescaped characters. No questions here, so every type's module
can use it.

Escapes are read exactly as Moodle's `escapedchar_pre`/`escapedchar_post`
(question/format/gift/format.php) read them: a backslash before one of
~ = # { } : or another backslash stands for that character, "\\n" is a line
break, and any other backslash is an ordinary character (`\\(x^2\\)` and
`C:\\Users\\me` stay as written).
"""

import re

ESCAPABLE = "~=#{}:\\"
FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")


def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in ESCAPABLE else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _is_escape(text: str, i: int) -> bool:
    return text[i] == "\\" and i + 1 < len(text) and (text[i + 1] in ESCAPABLE or text[i + 1] == "n")


def unescape(text: str) -> str:
    result, i = [], 0
    while i < len(text):
        if _is_escape(text, i):
            nxt = text[i + 1]
            result.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        result.append(text[i])
        i += 1
    return "".join(result)


def split_format(text: str) -> tuple[str, str]:
    """(format, text without it) for a text that may start with Moodle's
    [html] [moodle] [plain] or [markdown] marker; format is '' without one."""
    stripped = text.strip()
    found = _FORMAT.match(stripped)
    return (found.group(1), stripped[found.end():]) if found else ("", text)


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: [(separator or '', chunk), …]."""
    parts, current, marker, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if _is_escape(text, i):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch in separators:
            parts.append((marker, "".join(current)))
            marker, current = ch, []
        else:
            current.append(ch)
        i += 1
    parts.append((marker, "".join(current)))
    return parts


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if _is_escape(text, i):
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1
