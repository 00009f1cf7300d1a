import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.mark.parametrize(
    "language,text403,text500",
    [("vi", "Không có quyền truy cập", "Đã xảy ra lỗi"), ("en", "Access denied", "Something went wrong")],
)
def test_error_pages_are_friendly_in_both_languages(language, text403, text500):
    request = RequestFactory().get("/")
    with translation.override(language):
        forbidden = defaults.permission_denied(request, PermissionDenied())
        error = defaults.server_error(request)
    assert forbidden.status_code == 403 and text403 in forbidden.content.decode()
    assert error.status_code == 500 and text500 in error.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_404_in_vietnamese(client, officer):
    client.force_login(officer)
    response = client.get("/units/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
