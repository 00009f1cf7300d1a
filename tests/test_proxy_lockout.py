"""Sign-in lockout behind the reverse proxy: five wrong passwords lock that username from that client,
not from the proxy (so not for everyone), and a forged X-Forwarded-For from elsewhere changes nothing."""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from accounts.models import User
from conftest import PASSWORD
from vss_portal.client_ip import client_ip

PROXY = "10.0.0.5"
CLIENT_A, CLIENT_B = "203.0.113.10", "203.0.113.20"
STRANGER = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]


@pytest.fixture
def hanoi(make_user):
    return make_user(User.Role.UNIT_OFFICER, username="hanoi")


def sign_in(client, password: str, remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post("/accounts/login/", {"username": "hanoi", "password": password}, **headers)
    client.logout()
    return response


@pytest.mark.django_db
def test_lockout_behind_trusted_proxy_is_per_client(client, behind_proxy, hanoi):
    for _ in range(5):
        sign_in(client, "wrong", PROXY, forwarded=CLIENT_A)
    assert sign_in(client, PASSWORD, PROXY, forwarded=CLIENT_A).status_code == 429  # hanoi@A is locked
    assert sign_in(client, PASSWORD, PROXY, forwarded=CLIENT_B).status_code == 302  # hanoi@B is not
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("hanoi", CLIENT_A)]


@pytest.mark.django_db
def test_forged_header_from_an_untrusted_address_is_ignored(client, behind_proxy, hanoi):
    for n in range(5):
        sign_in(client, "wrong", STRANGER, forwarded=f"203.0.113.{100 + n}")
    assert sign_in(client, PASSWORD, STRANGER, forwarded="203.0.113.200").status_code == 429  # no bypass
    assert sign_in(client, PASSWORD, STRANGER, forwarded=f"203.0.113.250, {PROXY}").status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [STRANGER]


@pytest.mark.django_db
def test_client_written_part_of_the_header_is_ignored_behind_the_proxy(client, behind_proxy, hanoi):
    """The proxy appends the address it saw; what client A wrote to the left of it rotates in vain."""
    for n in range(5):
        sign_in(client, "wrong", PROXY, forwarded=f"192.0.2.{n}, {CLIENT_A}")
    assert sign_in(client, PASSWORD, PROXY, forwarded=f"192.0.2.99, {CLIENT_A}").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, settings, hanoi):
    settings.TRUSTED_PROXIES = []
    for _ in range(5):
        sign_in(client, "wrong", PROXY, forwarded=CLIENT_A)
    assert sign_in(client, PASSWORD, PROXY, forwarded=CLIENT_B).status_code == 429  # the connecting address counts


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    (PROXY, CLIENT_A, CLIENT_A),
    (PROXY, None, PROXY),
    (PROXY, f"{CLIENT_A}, 10.0.0.7", CLIENT_A),  # two proxies, both trusted
    (PROXY, f"{CLIENT_A}, not-an-address", PROXY),
    (f"::ffff:{PROXY}", CLIENT_A, CLIENT_A),  # server listening on IPv6
    (STRANGER, CLIENT_A, STRANGER),
    ("2001:db8::1", CLIENT_A, "2001:db8::1"),
])
def test_client_ip(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    headers = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    assert client_ip(RequestFactory().get("/", **headers)) == expected
