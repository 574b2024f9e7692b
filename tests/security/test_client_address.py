"""The client address the login and join-code limits use: X-Forwarded-For only as far as trusted."""

import pytest
from django.test import RequestFactory

from core.client_address import client_address


@pytest.mark.parametrize(("proxies", "forwarded_for", "expected"), [
    (0, None, "10.0.0.2"),
    (0, "203.0.113.5", "10.0.0.2"),                                 # no proxy trusted: header ignored
    (1, "203.0.113.5", "203.0.113.5"),
    (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),                   # forged leftmost entry ignored
    (1, "192.0.2.1,203.0.113.5", "203.0.113.5"),
    (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),         # the second from the right
    (2, "203.0.113.5", "10.0.0.2"),                                 # fewer entries than proxies
    (1, None, "10.0.0.2"),
    (1, "", "10.0.0.2"),
    (1, "203.0.113.5, not-an-address", "10.0.0.2"),                 # garbage where the proxy writes
    (1, "not-an-address, 203.0.113.5", "203.0.113.5"),              # garbage the client wrote
    (1, "2001:db8::1", "2001:db8::1"),
    (1, "2001:DB8:0::1", "2001:db8::1"),                            # one spelling per address
    (1, "203.0.113.5:4711", "10.0.0.2"),
])
def test_client_address(settings, proxies, forwarded_for, expected):
    """The N-th address from the right of X-Forwarded-For with N trusted proxies; REMOTE_ADDR
    with none, or when that entry is missing or not an address."""
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **extra)
    assert client_address(request) == expected
