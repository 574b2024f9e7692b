"""Lesson pages as HTML: the sanitised body plus our own, escaped pieces —
glossary links on key terms, data tables, bar charts and the map."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html

from lessons.markdown import RenderedLesson, render_lesson
from lessons.models import Course, DataTable, KeyTerm, reads_chinese

# Figures 4-1 and 4-2 of the thesis are charts of this table's two columns.
SPENDING_TABLE = "table-4-5"
CHART_WIDTH = 560
BAR_HEIGHT = 26


def column_index(table: DataTable, column: str) -> int:
    """A column named as the English names it (lessons' `{{chart:…}}`) or as the row shows it."""
    english = getattr(table, "english", {}).get("columns", table.columns)
    return english.index(column) if column in english else table.columns.index(column)


def bar_chart(table: DataTable, column: str) -> dict:
    """Geometry of a horizontal bar chart of one numeric column."""
    index = column_index(table, column)
    rows = [(str(row[0]), row[index]) for row in table.rows if isinstance(row[index], (int, float))]
    peak = max((value for _, value in rows), default=0) or 1
    label_width = 70
    space = CHART_WIDTH - label_width - 90
    bars = [{"label": label, "value": value, "y": i * (BAR_HEIGHT + 8) + 4,
             "width": max(1, round(space * value / peak)), "text_y": i * (BAR_HEIGHT + 8) + 4 + BAR_HEIGHT * 0.68}
            for i, (label, value) in enumerate(rows)]
    for bar in bars:
        bar["value_x"] = label_width + bar["width"] + 6
    return {"bars": bars, "label_width": label_width, "width": CHART_WIDTH,
            "height": len(bars) * (BAR_HEIGHT + 8) + 8, "bar_height": BAR_HEIGHT}


def lesson_body(course: Course, body: str) -> RenderedLesson:
    terms = {t.slug: t.localize() for t in KeyTerm.objects.filter(course=course)
             .only("slug", "term", "chinese", "definition", "zh_hant")}
    tables = {t.slug: t.localize() for t in DataTable.objects.filter(course=course)}
    chinese = reads_chinese()
    glossary = reverse("lessons:glossary", kwargs={"course": course.slug})

    used = []

    def term_html(slug, shown):
        term = terms.get(slug)
        if term is None:  # inserted after sanitising, so escaped here
            return escape(shown or slug)
        used.append(slug)
        tip = f"term-tip-{len(used)}"
        return format_html(
            '<a class="term" href="{}#{}" aria-describedby="{}">{}</a>'
            '<span class="term-tip" id="{}" role="tooltip">{}</span>',
            glossary, slug, tip, shown or (chinese and term.chinese) or term.term, tip, term.definition)

    def embed_html(kind, slug, arg):
        if kind == "figure":
            return render_to_string("lessons/includes/georgia_map.html")
        table = tables.get(slug)
        if table is None:
            return ""
        if kind == "chart":
            return render_to_string("lessons/includes/bar_chart.html",
                                    {"table": table, "column": table.columns[column_index(table, arg)],
                                     "chart": bar_chart(table, arg)})
        return render_to_string("lessons/includes/data_table.html", {"table": table})

    return render_lesson(body, term_html=term_html, embed_html=embed_html)
