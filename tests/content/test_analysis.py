"""Narrative lessons analyse as well as narrate: each phase of a chronicle
ends with a defensive-realist reading and a critic's reading."""

import re
from pathlib import Path

import pytest

from lessons.content import read_course

CONTENT = Path(__file__).resolve().parents[2] / "content"
ANCHOR = re.compile(r"\{#([a-z0-9-]+)\}")


@pytest.fixture(scope="module")
def lessons():
    return read_course(CONTENT).lessons


def sections(body: str) -> dict[str, str]:
    """Each `##` section's text, keyed by the anchors of every heading inside it."""
    found = {}
    for part in re.split(r"^(?=## )", body, flags=re.M):
        for anchor in ANCHOR.findall(part):
            found[anchor] = part
    return found


def reading(section: str) -> str:
    match = re.search(r"^### Reading .*?(?=^##|\Z)", section, flags=re.M | re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize("anchor", [
    "kosovo-and-the-regions", "summer-2008", "aug-1-7", "aug-8", "aug-9-10", "aug-11-12", "ceasefire", "recognition",
])
def test_each_phase_of_august_2008_has_two_readings(lessons, anchor):
    """Every dated part of the August 2008 lesson sits in a phase whose Reading gives both a defensive realist and a critic."""
    text = reading(sections(lessons["august-2008"].body)[anchor]).lower()
    assert "defensive realist" in text and "critic" in text, anchor


def test_passive_us_weighs_both_readings(lessons):
    """The passive-US lesson's 'why it mattered' section sets the defensive-realist reading against a critic's."""
    text = sections(lessons["passive-us"].body)["why-it-mattered"].lower()
    assert "defensive-realist reading" in text and "critic's reading" in text
