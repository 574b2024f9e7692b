"""Strings that Django and our third-party apps show in the interface but
leave untranslated in Traditional Chinese. Listed here (never imported) so
that `make messages` puts them in our catalog, which LOCALE_PATHS puts ahead
of theirs. The msgids must stay exactly as those packages write them."""

from django.utils.translation import gettext_noop

STRINGS = [
    # Django 6: the blank choice of a select, and the admin's date hierarchy.
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
    # django-axes: its models, as the admin's sidebar lists them.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # django-lti: its app and models.
    gettext_noop("LTI tool"),
    gettext_noop("LTI registration"),
    gettext_noop("LTI registrations"),
    gettext_noop("LTI platform instance"),
    gettext_noop("LTI platform instances"),
    gettext_noop("LTI deployment"),
    gettext_noop("LTI deployments"),
    gettext_noop("LTI user"),
    gettext_noop("LTI users"),
    gettext_noop("LTI context"),
    gettext_noop("LTI contexts"),
    gettext_noop("LTI membership"),
    gettext_noop("LTI memberships"),
    gettext_noop("LTI resource link"),
    gettext_noop("LTI resource links"),
    gettext_noop("JWK"),
    gettext_noop("JWKs"),
]
