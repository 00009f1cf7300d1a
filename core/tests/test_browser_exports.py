"""/exports/ in a real browser: a pending export's progress bar fills by itself, then its file downloads;
accessible and without sideways scrolling at 390 and 1280 px."""

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from core.models import ExportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_export_page_refreshes_progress_then_downloads(page, login, make_user, assert_accessible, width):
    owner = make_user(User.Role.UNIT_OFFICER, username=f"export-owner-{width}")
    job = ExportJob.objects.create(owner=owner, kind="plans.tasks", title="Nhiệm vụ", rows_total=8000, rows_done=2000,
                                   state=ExportJob.State.RUNNING)
    page.set_viewport_size({"width": width, "height": 844})
    login(owner)
    page.goto("/exports/")
    bar = page.get_by_role("progressbar", name="Tiến độ: Nhiệm vụ")
    assert bar.get_attribute("aria-valuenow") == "25"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    job.file.save("done.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    job.state, job.rows_done, job.original_name = ExportJob.State.DONE, 8000, "nhiem-vu.xlsx"
    job.save()
    download_link = page.get_by_role("link", name="Tải về Nhiệm vụ")
    download_link.wait_for()  # the page's script fetched the list again: no reload by the user
    assert bar.get_attribute("aria-valuenow") == "100"
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "nhiem-vu.xlsx"
