import pytest
from django.core.management import call_command

from accounts.models import User


def _fail(client, username, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_with_right_password_lands_on_home(client, officer):
    response = client.post("/accounts/login/", {"username": "officer", "password": "pass-1234-word"})
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.django_db
def test_wrong_password_shows_error_in_vietnamese(client, officer):
    response = _fail(client, "officer")
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_address(client, officer):
    for _ in range(5):
        _fail(client, "officer")
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "pass-1234-word"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_does_not_block_other_users_or_addresses(client, officer, make_user):
    other = make_user(User.Role.UNIT_OFFICER, username="colleague")
    for _ in range(5):
        _fail(client, "officer")
    ok_other_user = client.post(
        "/accounts/login/", {"username": other.username, "password": "pass-1234-word"}, REMOTE_ADDR="10.0.0.1"
    )
    assert ok_other_user.status_code == 302
    client.logout()
    ok_other_address = client.post(
        "/accounts/login/", {"username": "officer", "password": "pass-1234-word"}, REMOTE_ADDR="10.0.0.2"
    )
    assert ok_other_address.status_code == 302


@pytest.mark.django_db
def test_logout_is_post_and_ends_session(client, officer):
    client.force_login(officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_password_change_requires_old_password(client, officer):
    client.force_login(officer)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "A-much-better-pass-9", "new_password2": "A-much-better-pass-9"},
    )
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password("pass-1234-word")


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_creates_every_account(settings):
    settings.DEMO_PASSWORD = "demo-pass-42"
    call_command("load_demo")
    call_command("load_demo")
    expected = {
        "admin": User.Role.ADMINISTRATOR, "central": User.Role.CENTRAL_PLANNER, "leader": User.Role.LEADERSHIP,
        "haiduong": User.Role.UNIT_OFFICER, "haiphong": User.Role.UNIT_OFFICER,
        "hanoi": User.Role.UNIT_OFFICER, "tst": User.Role.UNIT_OFFICER,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password("demo-pass-42")
    assert User.objects.get(username="haiduong").unit.code == "P63-HAIDUONG"
    assert User.objects.get(username="haiphong").unit.code == "P34-HAIPHONG"
    assert User.objects.get(username="tst").unit.code == "TST"
    assert User.objects.get(username="admin").is_superuser
