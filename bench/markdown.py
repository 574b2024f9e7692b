"""Time the Markdown renderer on the worst inputs we can build.

Each input is made to be slow for a Markdown parser: nested or unclosed
brackets, chains of half-written links, nested emphasis, deep lists and
blockquotes. Every one is rendered at each size (characters) through
`lessons.markdown.render_markdown` — Markdown, then the nh3 sanitiser, as a
question on a page or the editor's preview — and its time printed. The default
sizes are a stem's cap (5,000), 20,000, and a lesson's cap (40,000, the most
the editor's preview accepts).

    .venv/bin/python bench/markdown.py
    .venv/bin/python bench/markdown.py --python-markdown   # the renderer it replaced, for comparison

Options: --sizes 5000,20000,40000; --timeout 30 (seconds per input; slower
ones print ">30").
"""

import argparse
import signal
import sys
import time
from pathlib import Path

# The repository instead of bench/ first on the path: `import markdown` must find the package, not this file.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from lessons.markdown import LESSON_MAX, sanitise  # noqa: E402
from lessons.markdown import render_markdown as render_markdown_it  # noqa: E402


def nested(opening: str, closing: str, size: int, middle: str = "a") -> str:
    n = (size - len(middle)) // (len(opening) + len(closing))
    return opening * n + middle + closing * n


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CASES = {
    "nested brackets [[[a]]]": lambda n: nested("[", "]", n),
    "unclosed brackets [[[": lambda n: repeated("[", n),
    "unclosed images ![![": lambda n: repeated("![", n),
    "link chain [a](": lambda n: repeated("[a](", n),
    "link chain [a](b ": lambda n: repeated("[a](b ", n),
    "reference chain [a][": lambda n: repeated("[a][", n),
    "footnote references [^": lambda n: repeated("[^", n),
    "term links [[": lambda n: repeated("[[", n),
    "many links [a](b)": lambda n: repeated("[a](b) ", n),
    "nested emphasis ***a***": lambda n: nested("*", "*", n),
    "nested strong __a__": lambda n: nested("__", "__", n),
    "emphasis runs *a **a": lambda n: repeated("*a **a ***a ", n),
    "backtick runs": lambda n: repeated("`a``a```a", n),
    "unclosed tags <a ": lambda n: repeated("<a ", n),
    "autolinks <http://": lambda n: repeated("<http://", n),
    "entities &#": lambda n: repeated("&#", n),
    "deep list - - -": lambda n: repeated("- ", n),
    "indented lists": lambda n: "".join("  " * (i % 200) + "- a\n" for i in range(n))[:n],
    "deep blockquote >>>": lambda n: repeated(">", n),
    "deep blockquote > > >": lambda n: repeated("> ", n),
    "table of pipes": lambda n: "|a|b|\n|-|-|\n" + repeated("|", n - 12),
}


def render_python_markdown(text: str) -> str:
    """What lessons.markdown did before: Python-Markdown with extra, toc and sane_lists, then nh3."""
    import markdown

    html = markdown.Markdown(extensions=["extra", "toc", "sane_lists"],
                             extension_configs={"toc": {"permalink": False}}).convert(text)
    return sanitise(html)


STEM = 5_000  # quizzes.limits.STEM; importing it would need Django set up


class TimedOut(Exception):
    pass


def _alarm(*_):
    raise TimedOut


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"{STEM},20000,{LESSON_MAX}")
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--python-markdown", action="store_true", help="time the renderer we replaced")
    args = parser.parse_args()
    render = render_python_markdown if args.python_markdown else render_markdown_it
    sizes = [int(s) for s in args.sizes.split(",")]
    signal.signal(signal.SIGALRM, _alarm)
    print(("Python-Markdown" if args.python_markdown else "markdown-it-py") + " + nh3, seconds per render")
    print(f"{'input':28}" + "".join(f"{size:>10,}" for size in sizes))
    worst = dict.fromkeys(sizes, 0.0)
    for name, make in CASES.items():
        cells = []
        for size in sizes:
            text = make(size)
            signal.alarm(args.timeout)
            started = time.perf_counter()
            try:
                render(text)
                seconds = time.perf_counter() - started
                worst[size] = max(worst[size], seconds)
                cells.append(f"{seconds:10.3f}")
            except TimedOut:
                worst[size] = float("inf")
                cells.append(f"{'>' + str(args.timeout):>10}")
            except RecursionError:
                cells.append(f"{'overflow':>10}")
            finally:
                signal.alarm(0)
        print(f"{name:28}" + "".join(cells), flush=True)
    print(f"{'worst':28}" + "".join(f"{'>' + str(args.timeout):>10}" if worst[size] == float("inf")
                                     else f"{worst[size]:10.3f}" for size in sizes))


if __name__ == "__main__":
    main()
