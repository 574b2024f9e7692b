"""{% page_part parts "slot" key %}: what the apps above put in a slot of a lessons page (lessons.page_parts)."""

from django import template

register = template.Library()


@register.simple_tag
def page_part(parts, slot, key=None):
    return parts.get(slot, {}).get(key, "")
