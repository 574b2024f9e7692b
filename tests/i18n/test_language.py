"""Which language a person gets: the browser's until they choose, then their
choice, remembered across log-ins and devices; the marks that say so."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from core.models import LanguagePreference
from lessons.models import TimelineEvent
from review.cards import card_question
from review.models import Card, CardKind
from review.services import cards_sync


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


@pytest.mark.parametrize("header", ["zh-TW", "zh-HK", "zh-Hant", "zh-Hant-TW", "zh-tw,zh;q=0.9,en;q=0.8"])
def test_traditional_chinese_browsers_get_the_chinese_interface(db, header):
    """Each way a browser asks for Traditional Chinese gives the Chinese interface, marked zh-Hant."""
    response = Client(headers={"accept-language": header}).get(reverse("lessons:home"))
    assert html_lang(response) == "zh-Hant"
    assert "登入" in response.content.decode()


@pytest.mark.parametrize("header", ["en-US,en;q=0.9", "fr-FR", ""])
def test_other_browsers_get_english(db, header):
    """English, French or no preference at all: the English interface, marked en."""
    response = Client(headers={"accept-language": header}).get(reverse("lessons:home"))
    assert html_lang(response) == "en"
    assert "Log in" in response.content.decode()


def test_simplified_chinese_browser_gets_traditional_rather_than_english(db):
    """Django's LocaleMiddleware takes zh-CN to the only Chinese it has (zh-hant): a Chinese reader gets Chinese."""
    response = Client(headers={"accept-language": "zh-CN"}).get(reverse("lessons:home"))
    assert html_lang(response) == "zh-Hant"


def test_the_switch_works_without_javascript_and_keeps_the_page(course_data):
    """A plain form post to the switch sets the language and comes back to the page it was sent from."""
    client = Client(headers={"accept-language": "en"})
    page = reverse("lessons:glossary", args=[course_data["course"].slug]) + "?q=x"
    response = client.post(reverse("set_language"), {"language": "zh-hant", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    assert html_lang(client.get(page)) == "zh-Hant"


def test_the_switch_names_each_language_in_its_own_language(db):
    """The switch's options carry their own lang: 繁體中文 is zh-Hant on an English page, English is en on a Chinese one."""
    english = Client(headers={"accept-language": "en"}).get(reverse("lessons:home")).content.decode()
    chinese = Client(headers={"accept-language": "zh-TW"}).get(reverse("lessons:home")).content.decode()
    for body in (english, chinese):
        assert re.search(r'<option value="zh-hant" lang="zh-Hant"[^>]*>繁體中文</option>', body)
        assert re.search(r'<option value="en" lang="en"[^>]*>English</option>', body)


def test_a_signed_in_choice_is_remembered_and_applied_at_login_elsewhere(student):
    """Choosing Chinese while signed in is stored; logging in on another device with an English browser gives Chinese."""
    laptop = Client(headers={"accept-language": "en"})
    laptop.force_login(student)
    laptop.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert LanguagePreference.objects.get(user=student).language == "zh-hant"

    phone = Client(headers={"accept-language": "en"})
    assert html_lang(phone.get(reverse("lessons:home"))) == "en"
    response = phone.post(reverse("login"), {"username": "student", "password": "pw-for-tests-123"}, follow=True)
    assert html_lang(response) == "zh-Hant"
    assert phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"


def test_choosing_english_again_replaces_the_choice(student):
    """The latest choice wins: one preference per person."""
    client = Client()
    client.force_login(student)
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert list(LanguagePreference.objects.values_list("user", "language")) == [(student.pk, "en")]


def test_an_anonymous_choice_is_not_stored(db):
    """Without an account the choice lives in the cookie only."""
    Client().post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert not LanguagePreference.objects.exists()


def test_an_unknown_language_changes_nothing(student):
    """A forged language code is ignored: no cookie, no preference, back to the page."""
    client = Client()
    client.force_login(student)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not LanguagePreference.objects.exists()


def test_login_without_a_stored_choice_keeps_the_browser_language(student):
    """Someone who never chose keeps following the browser after log-in."""
    client = Client(headers={"accept-language": "zh-TW"})
    response = client.post(reverse("login"), {"username": "student", "password": "pw-for-tests-123"}, follow=True)
    assert html_lang(response) == "zh-Hant"
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_signing_up_remembers_the_language_of_the_sign_up_page(db):
    """A student who signs up in Chinese keeps Chinese on their next device."""
    client = Client(headers={"accept-language": "zh-TW"})
    client.post(reverse("signup"), {"username": "mei", "password1": "a-long-pass-phrase-9", "password2":
                                    "a-long-pass-phrase-9"})
    assert LanguagePreference.objects.get(user__username="mei").language == "zh-hant"


def test_the_javascript_catalog_serves_the_quiz_strings_in_chinese(db):
    """The quiz page's script gets its strings from Django's JavaScript catalog, as an external script."""
    response = Client(headers={"accept-language": "zh-TW"}).get(reverse("javascript-catalog"))
    assert response["Content-Type"].startswith("text/javascript")
    catalog = response.content.decode()
    expected = json.dumps({"Saved at %s": "已於 %s 儲存"})[1:-1]  # as the catalog escapes it
    assert expected in catalog


def test_dates_and_numbers_follow_the_reader_language():
    """Dates read 2008年8月7日 in Chinese and 7 August 2008 in English; thousands take a comma in both."""
    day = datetime.date(2008, 8, 7)
    with translation.override("zh-hant"):
        assert formats.date_format(day) == "2008年8月7日"
        assert formats.date_format(day, "YEAR_MONTH_FORMAT") == "2008年8月"
        assert formats.number_format(12345, force_grouping=True) == "12,345"
    with translation.override("en"):
        assert formats.date_format(day) == "7 August 2008"


@pytest.mark.parametrize(("language", "day", "month"), [("zh-hant", "2008年8月8日", "2003年11月"),
                                                       ("en", "8 August 2008", "November 2003")])
def test_review_cards_write_dates_in_the_reader_language(course_data, language, day, month):
    """A daily-review card shows its event's date as the page's language writes it, at the event's precision."""
    course = course_data["course"]
    TimelineEvent.objects.create(course=course, slug="war", date=datetime.date(2008, 8, 8), precision="day",
                                 title="War", lesson=course_data["lesson"])
    TimelineEvent.objects.create(course=course, slug="rose", date=datetime.date(2003, 11, 1), precision="month",
                                 title="Rose", lesson=course_data["lesson"])
    cards_sync(course=course)
    events = list(TimelineEvent.objects.all())
    shown = {}
    with translation.override(language):
        for card in Card.objects.filter(kind=CardKind.DATE_TO_EVENT).select_related("event"):
            shown[card.event.slug] = card_question(card, seed="s", events=events, terms=[]).prompt
    assert shown == {"war": day, "rose": month}
