"""The committed translation catalogs: every message translated, nothing
fuzzy, placeholders intact, and each .mo exactly what its .po compiles to
(judged by content: a fresh clone's file times mean nothing)."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: install gettext (apt-get install gettext) to check the catalogs")
    return path


def msgids(output: str) -> list[str]:
    """The msgids of a .po text, header left out."""
    ids, current = [], None
    for line in output.splitlines():
        if line.startswith("msgid "):
            current = line[6:]
        elif current is not None and line.startswith('"'):
            current += line
        elif current is not None:
            ids.append(current.replace('""', ""))
            current = None
    return [i for i in ids if i.strip('"')]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(domain):
    """No untranslated message in the catalog (`make messages` adds them; a person translates them)."""
    po = LC_MESSAGES / f"{domain}.po"
    output = subprocess.run([gettext_tool("msgattrib"), "--untranslated", "--no-obsolete", str(po)],
                            capture_output=True, text=True, check=True).stdout
    assert msgids(output) == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_message_is_fuzzy(domain):
    """No fuzzy entry: msgmerge's guesses for changed strings must be checked by a person."""
    po = LC_MESSAGES / f"{domain}.po"
    output = subprocess.run([gettext_tool("msgattrib"), "--only-fuzzy", "--no-obsolete", str(po)],
                            capture_output=True, text=True, check=True).stdout
    assert msgids(output) == []
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert not [line for line in header.splitlines() if line.startswith("#,") and "fuzzy" in line], "fuzzy header"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_what_the_po_compiles_to(domain, tmp_path):
    """Compiling the .po (with format checks) gives the same catalog as the committed .mo."""
    po, mo = LC_MESSAGES / f"{domain}.po", LC_MESSAGES / f"{domain}.mo"
    fresh = tmp_path / f"{domain}.mo"
    result = subprocess.run([gettext_tool("msgfmt"), "--check", "-o", str(fresh), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as compiled, mo.open("rb") as committed:
        expected = gettext.GNUTranslations(compiled)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert len(expected) > 1
    assert actual == expected, "run `make messages` and commit the .mo files"
