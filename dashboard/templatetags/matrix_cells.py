"""The progress matrix's cells, written in Python: a page of the matrix has
thousands of them (students × lessons and quizzes), and the template engine's
per-node cost made rendering them most of the page's time."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_SYMBOLS = {"completed": "●", "in_progress": "◐", "not_started": "·"}


@register.simple_tag
def matrix_cells(row) -> str:
    """The <td>s of one matrix row: each lesson's status, each quiz's grade, with the words screen readers say."""
    labels = {"completed": gettext("completed"), "in_progress": gettext("in progress"),
              "not_started": gettext("not started")}
    labels = {key: conditional_escape(value) for key, value in labels.items()}
    none_label, awaiting_label = conditional_escape(gettext("not attempted")), conditional_escape(
        gettext("awaiting grading"))
    awaiting = f'<span class="awaiting" aria-hidden="true">⌛</span><span class="visually-hidden">{awaiting_label}</span>'
    out = []
    for cell in row.cells:
        if cell["kind"] == "lesson":
            status = cell["status"] if cell["status"] in _SYMBOLS else "not_started"
            out.append(f'<td class="c c-{status}"><span aria-hidden="true">{_SYMBOLS[status]}</span>'
                       f'<span class="visually-hidden">{labels[status]}</span></td>')
            continue
        grade = cell["grade"]
        if grade is not None:
            css = "c q q-pass" if cell["passed"] else "c q q-fail"
            body = conditional_escape(floatformat(grade, 0)) + (f" {awaiting}" if cell["awaiting"] else "")
        else:
            css = "c q"
            body = awaiting if cell["awaiting"] else (
                f'<span aria-hidden="true">–</span><span class="visually-hidden">{none_label}</span>')
        out.append(f'<td class="{css}">{body}</td>')
    return mark_safe("".join(out))  # every piece above is escaped or fixed markup
