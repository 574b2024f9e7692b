"""The interface language as a BCP 47 tag for `lang` attributes: Django's
codes are lower case ("zh-hant"), the conventional tag is "zh-Hant"."""

from django import template
from django.utils import translation

register = template.Library()


def bcp47(code: str) -> str:
    language, _, rest = code.partition("-")
    if len(rest) == 4:  # a script subtag
        return f"{language}-{rest.title()}"
    return code


@register.simple_tag
def html_lang() -> str:
    return bcp47(translation.get_language() or "en")


@register.filter
def lang_tag(code: str) -> str:
    return bcp47(code)
