"""The detector of active content in a page: parsed elements and attributes that could run code."""

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "base", "math", "svg"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "srcset"}
OUR_SCRIPTS = re.compile(r"^/static/|^/i18n/catalog\.js$")  # our own script files (and the JavaScript catalog)


class ActiveContent(HTMLParser):
    """Collects real (parsed) elements and attributes that could run code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and OUR_SCRIPTS.match(attributes.get("src") or ""):
            return
        if tag == "svg" and (attributes.get("role") == "img" or attributes.get("aria-hidden") == "true"):
            # our own charts (labelled images) and decorative meters
            return
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            cleaned = re.sub(r"[\x00-\x20]", "", (value or "")).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def assert_harmless(html: str, where: str):
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, (where, parser.found)
