"""The conference list's Excel: directly when small, a background job when large, holding only the
conferences the owner's list shows."""

import pytest
from django.urls import reverse

from core.tests.exports import direct_rows, job_rows

from .factories import ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("conferences:conference_list")


@pytest.fixture
def invited(hanoi):
    conferences = [ConferenceFactory(title=f"Mời Hà Nội {n}") for n in range(2)]
    for conference in conferences:
        InvitationFactory(conference=conference, unit=hanoi)
    ConferenceFactory(title="Không mời Hà Nội")
    return conferences


def test_conference_export_below_the_limit_downloads_directly(client, hanoi_officer, invited):
    client.force_login(hanoi_officer)
    rows = direct_rows(client, LIST)
    assert {row[0] for row in rows[1:]} == {c.title for c in invited}


def test_conference_export_job_holds_only_the_owners_conferences_in_vietnamese(client, hanoi_officer, invited):
    client.force_login(hanoi_officer)
    job, rows = job_rows(client, LIST)
    assert (job.kind, job.rows_total, job.original_name) == ("conferences.conferences", 2, "conferences.xlsx")
    assert rows[0][:3] == ("Tên hội nghị", "Loại hình", "Ngày bắt đầu")
    assert {row[0] for row in rows[1:]} == {c.title for c in invited}
    assert {row[7] for row in rows[1:]} == {"Đã gửi giấy mời"}
