"""Accessible names for the inputs of admin's tabular inlines, whose only labels are column headings."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def labelled(bound_field, label, row):
    """Render the field's widget named "<column>, row N", as a screen reader should announce it."""
    return bound_field.as_widget(attrs={"aria-label": _("%(column)s, row %(row)s") % {"column": label, "row": row}})
