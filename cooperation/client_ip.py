"""The client's address, the one way every part of the site reads it.

Behind the reverse proxy, REMOTE_ADDR is the proxy's address: every visitor
would share one rate-limit bucket and one consent hash. The proxy writes the
client's address into one header it controls, named by the environment
(`CLIENT_IP_HEADER`, e.g. `X-Real-IP`, set by nginx to `$remote_addr`). No
other header is trusted: a client can send `X-Forwarded-For` with any value,
and it changes nothing here. Without the setting (no proxy: a laptop, the
tests), the address is REMOTE_ADDR.

Used by django-ratelimit (`RATELIMIT_IP_META_KEY`), django-axes
(`AXES_CLIENT_IP_CALLABLE`) and the newsletter's consent records.
"""

import ipaddress

from django.conf import settings


def meta_key(header):
    """`X-Real-IP` → `HTTP_X_REAL_IP`, as Django names headers in META."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request):
    """The client's IP address as a string ('' when none is known)."""
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get(meta_key(header), "")
        # A proxy that appends (nginx's $proxy_add_x_forwarded_for) puts the
        # address it saw last; anything before it came from the client.
        candidate = value.rsplit(",", 1)[-1].strip()
        if _is_ip(candidate):
            return candidate
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_ip(remote) else ""


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip_for_rate_limit(request):
    """`client_ip`, with every unknown client in one bucket.

    django-ratelimit needs an address; clients without one (a Unix socket
    and no header) share the unspecified address, so they stay limited.
    """
    return client_ip(request) or "0.0.0.0"
