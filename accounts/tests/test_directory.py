"""Directory sign-in against a real OpenLDAP (Debian's slapd) started on loopback with the small
directory in accounts/tests/ldap/directory.ldif. Missing slapd: a skip, or a failure under
VSS_REQUIRE_SERVICES=1 (CI installs it)."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import ldap
import pytest
from django.conf import settings
from django.test import override_settings

from accounts.models import Unit, User
from accounts.tests.factories import UserFactory
from conftest import unavailable
from vss_portal.settings.directory import directory_settings

LDIF = Path(__file__).parent / "ldap" / "directory.ldif"
SUFFIX = "dc=vss,dc=test"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "admin-secret"
PASSWORD = "Directory@2024"
CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {run}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {run}/data
access to attrs=userPassword by anonymous auth by * none
access to * by * read
"""


def _slapd_binary(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    """A throwaway slapd on a port of its own, its data in a temporary directory; the URI."""
    slapd_path, slapadd_path = _slapd_binary("slapd"), _slapd_binary("slapadd")
    if not (slapd_path and slapadd_path and Path("/usr/lib/ldap").is_dir()):
        unavailable("OpenLDAP's slapd is not installed (apt-get install slapd)")
    run = tmp_path_factory.mktemp("slapd")
    (run / "data").mkdir()
    config = run / "slapd.conf"
    config.write_text(CONFIG.format(run=run, suffix=SUFFIX, root_dn=ROOT_DN, root_password=ROOT_PASSWORD))
    subprocess.run([slapadd_path, "-f", str(config), "-l", str(LDIF)], check=True, capture_output=True)
    uri = f"ldap://127.0.0.1:{_free_port()}"
    process = subprocess.Popen([slapd_path, "-f", str(config), "-h", f"{uri}/", "-d", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _attempt in range(100):
        try:
            connection = ldap.initialize(uri)
            connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
            connection.unbind_s()
            break
        except ldap.SERVER_DOWN:
            if process.poll() is not None:
                pytest.fail(f"slapd did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail("slapd did not answer within 10 s")
    yield uri
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def directory(slapd, db):
    """The portal configured for the test directory, exactly as base.py would from the environment."""
    from accounts.roles import sync_role_groups

    sync_role_groups()
    Unit.objects.get_or_create(code="HTQT", defaults={"kind": Unit.Kind.CENTRAL, "name_vi": "Ban HTQT", "name_en": "ICD"})
    Unit.objects.get_or_create(code="P34-HAIPHONG", defaults={"kind": Unit.Kind.PROVINCIAL, "name_vi": "Hải Phòng",
                                                              "name_en": "Hải Phòng"})
    values = {
        "LDAP_SERVER_URI": slapd,
        "LDAP_BIND_DN": f"cn=portal,{SUFFIX}",
        "LDAP_BIND_PASSWORD": "Portal@2024",
        "LDAP_USER_SEARCH_BASE": f"ou=people,{SUFFIX}",
        "LDAP_GROUP_SEARCH_BASE": f"ou=groups,{SUFFIX}",
        "LDAP_GROUP_CENTRAL_PLANNER": f"cn=portal-planners,ou=groups,{SUFFIX}",
        "LDAP_GROUP_UNIT_OFFICER": f"cn=portal-officers,ou=groups,{SUFFIX}",
        "LDAP_GROUP_LEADERSHIP": f"cn=portal-leaders,ou=groups,{SUFFIX}",
    }
    with override_settings(**directory_settings(values)):
        yield _Directory(slapd)


class _Directory:
    """Changes to the test directory, made as its administrator (undone after each test)."""

    def __init__(self, uri):
        self.connection = ldap.initialize(uri)
        self.connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)

    def modify(self, dn, attribute, values):
        self.connection.modify_s(dn, [(ldap.MOD_REPLACE, attribute, [v.encode() for v in values])])


def _sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_directory_sign_in_is_off_without_ldap_server_uri():
    assert "accounts.directory.DirectoryBackend" not in settings.AUTHENTICATION_BACKENDS


def test_first_sign_in_creates_the_user_with_role_and_unit(client, directory):
    response = _sign_in(client, "vulan")
    assert response.status_code == 302 and response.url == "/"
    user = User.objects.get(username="vulan")
    assert user.role == User.Role.UNIT_OFFICER and user.unit.code == "P34-HAIPHONG"
    assert (user.first_name, user.last_name, user.email) == ("Thị Lan", "Vũ", "vulan@vss.test")
    assert not user.has_usable_password()
    client.logout()
    planner = _sign_in(client, "hathu")
    assert planner.status_code == 302
    assert User.objects.get(username="hathu").role == User.Role.CENTRAL_PLANNER


def test_later_sign_ins_follow_the_directory(client, directory):
    _sign_in(client, "vulan")
    people, groups = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"
    try:
        directory.modify(f"uid=vulan,{people}", "departmentNumber", ["HTQT"])
        directory.modify(f"cn=portal-planners,{groups}", "member", [f"uid=hathu,{people}", f"uid=vulan,{people}"])
        directory.modify(f"cn=portal-officers,{groups}", "member", [f"uid=hathu,{people}"])
        client.logout()
        assert _sign_in(client, "vulan").status_code == 302
        user = User.objects.get(username="vulan")
        assert user.role == User.Role.CENTRAL_PLANNER and user.unit.code == "HTQT"
        assert user.groups.count() == 1
    finally:
        directory.modify(f"uid=vulan,{people}", "departmentNumber", ["P34-HAIPHONG"])
        directory.modify(f"cn=portal-planners,{groups}", "member", [f"uid=hathu,{people}"])
        directory.modify(f"cn=portal-officers,{groups}", "member", [f"uid=vulan,{people}"])


def test_user_removed_from_the_directory_cannot_sign_in(client, directory):
    _sign_in(client, "vulan")
    client.logout()
    dn = f"uid=vulan,ou=people,{SUFFIX}"
    entry = directory.connection.search_s(dn, ldap.SCOPE_BASE)[0][1]
    directory.connection.delete_s(dn)
    try:
        response = _sign_in(client, "vulan")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    finally:
        directory.connection.add_s(dn, list(entry.items()))


def test_user_in_no_mapped_group_cannot_sign_in(client, directory):
    assert _sign_in(client, "nogroup").status_code == 200
    assert not User.objects.filter(username="nogroup").exists()


def test_wrong_password_is_refused(client, directory):
    assert _sign_in(client, "vulan", "wrong-password").status_code == 200
    assert "_auth_user_id" not in client.session


def test_lockout_applies_to_directory_users(client, directory):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "vulan", "wrong-password")
    locked = _sign_in(client, "vulan")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_local_accounts_keep_working(client, directory):
    UserFactory(username="local-admin", role=User.Role.ADMINISTRATOR)
    assert _sign_in(client, "local-admin", "pass-1234-word").status_code == 302
