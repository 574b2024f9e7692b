import pytest
from django.test import Client
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from tests.lti.platform import CLIENT_ID, DEPLOYMENT_ID, Platform


@pytest.fixture
def platform():
    with Platform() as running:
        yield running


@pytest.fixture
def registration(db, platform):
    """The pretend LMS registered by an administrator, with one active deployment."""
    Key.objects.generate()
    platform.tool_jwks = Key.objects.as_jwks()
    registration = LtiRegistration.objects.create(
        name="Test LMS", issuer=platform.issuer, client_id=CLIENT_ID, auth_url=f"{platform.url}/auth",
        token_url=f"{platform.url}/token", keyset_url=f"{platform.url}/jwks")
    LtiDeployment.objects.create(registration=registration, deployment_id=DEPLOYMENT_ID, is_active=True)
    return registration


def login_start(client, platform, secure=False, **params):
    """OIDC login initiation as the platform sends it; returns the tool's (state, nonce)."""
    from urllib.parse import parse_qs, urlsplit

    query = {"iss": platform.issuer, "login_hint": "hint", "client_id": CLIENT_ID,
             "target_link_uri": "http://testserver/lti/launch/", "lti1p3_new_window": "1", **params}
    response = client.get("/lti/login/", query, secure=secure)
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert location.path == "/auth"
    auth = {key: values[0] for key, values in parse_qs(location.query).items()}
    return auth["state"], auth["nonce"]


def do_launch(platform, client=None, *, nonce=None, state=None, **claims):
    """A whole launch: login initiation, then the signed id_token posted back."""
    client = client or Client()
    if nonce is None:
        state, nonce = login_start(client, platform)
    token = platform.id_token(nonce=nonce, **claims)
    return client, client.post("/lti/launch/", {"id_token": token, "state": state})
