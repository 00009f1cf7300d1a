"""The client's address behind the reverse proxy, for django-axes (AXES_CLIENT_IP_CALLABLE).

X-Forwarded-For is believed only when the connecting address is a trusted proxy (TRUSTED_PROXIES,
from DJANGO_TRUSTED_PROXIES): the client is then the right-most address in it that is not a trusted
proxy itself (what the proxies appended; anything further left the client may have written). From
any other address the header is ignored, so a forged one cannot dodge or move a sign-in lockout.
"""

import ipaddress

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    address = _parse(remote)
    if address is None or not _is_trusted(address):
        return remote
    client = address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # an unreadable hop: nothing to its left can be trusted
        client = hop_address
        if not _is_trusted(hop_address):
            break
    return str(client)


def _parse(text: str | None) -> Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.5 when the server listens on IPv6
    return mapped or address


def _is_trusted(address: Address) -> bool:
    return any(address.version == network.version and address in network for network in settings.TRUSTED_PROXIES)
