"""The address a request comes from, for the login and join-code limits."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT = N proxies the N-th entry from the right of
    X-Forwarded-For: each proxy appends the address it saw, so that entry is the one the
    outermost proxy wrote. Entries further left are whatever the client sent and are never
    read. A header with fewer entries, or no address there, falls back to REMOTE_ADDR (the
    nearest proxy), which no client can forge."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-proxies].strip()))
    except ValueError:
        return remote
