import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from conferences.models import Attendance, Award, Conference, Feedback, Participant
from plans.models import Task
from plans.tests.factories import TaskFactory
from reports.models import ProgressReport
from reports.tests.factories import ReportingPeriodFactory

from .factories import (
    AgendaSessionFactory,
    ConferenceFactory,
    HeldConferenceFactory,
    InvitationFactory,
    ParticipantFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_conference_list_search_ignores_diacritics(client, planner):
    ConferenceFactory(title="Hội nghị tập huấn tại Hải Dương")
    ConferenceFactory(title="Diễn đàn ASSA tại Đà Nẵng")
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_list"), {"q": "hai duong"})
    assert [c.title for c in response.context["page_obj"]] == ["Hội nghị tập huấn tại Hải Dương"]


def test_conference_list_search_finds_speakers_and_award_recipients(client, planner):
    spoken_at = ConferenceFactory(title="Diễn đàn an sinh xã hội khu vực")
    AgendaSessionFactory(conference=spoken_at, speakers=[SpeakerFactory(name="Robert J. Palacios")])
    awarded = ConferenceFactory(title="Hội nghị tổng kết")
    Award.objects.create(conference=awarded, honour="Kỷ niệm chương", recipient="Nguyễn Hải Lưu")
    ConferenceFactory(title="Hội thảo khác")
    client.force_login(planner)
    url = reverse("conferences:conference_list")
    assert [c.pk for c in client.get(url, {"q": "palacios"}).context["page_obj"]] == [spoken_at.pk]
    assert [c.pk for c in client.get(url, {"q": "nguyen hai luu"}).context["page_obj"]] == [awarded.pk]
    assert [c.pk for c in client.get(url, {"q": "tong ket luu"}).context["page_obj"]] == [awarded.pk]
    assert not client.get(url, {"q": "palacios luu"}).context["page_obj"]


def test_conference_list_filters_by_year_type_status_province_and_organiser(client, planner):
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    match = ConferenceFactory(
        title="Tập huấn phía Bắc", start_date=datetime.date(2024, 7, 15), end_date=datetime.date(2024, 7, 16),
        registration_deadline=datetime.date(2024, 7, 5), province=hai_duong, status=Conference.Status.HELD,
    )
    ConferenceFactory(title="Hội thảo khác", kind=Conference.Kind.WORKSHOP)
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_list"), {
        "year": 2024, "kind": "training", "status": "held", "province": hai_duong.pk, "organiser": match.organiser_id,
    })
    assert [c.pk for c in response.context["page_obj"]] == [match.pk]


def test_conference_list_xlsx_has_the_filtered_rows_with_real_dates(client, planner):
    ConferenceFactory(title="Tập huấn Hải Dương", start_date=datetime.date(2024, 7, 15), end_date=datetime.date(2024, 7, 16),
                      registration_deadline=None)
    ConferenceFactory(title="Khác")
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_list"), {"q": "hai duong", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "Tập huấn Hải Dương"
    assert rows[1][2] == datetime.datetime(2024, 7, 15)


def test_officer_sees_only_conferences_their_unit_is_invited_to(client, hanoi_officer, hanoi):
    mine = ConferenceFactory(title="Mời Hà Nội")
    InvitationFactory(conference=mine, unit=hanoi)
    not_sent = ConferenceFactory(title="Chưa gửi giấy mời", status=Conference.Status.PLANNED)
    InvitationFactory(conference=not_sent, unit=hanoi)
    ConferenceFactory(title="Không mời")
    client.force_login(hanoi_officer)
    titles = [c.title for c in client.get(reverse("conferences:conference_list")).context["page_obj"]]
    assert titles == ["Mời Hà Nội"]
    assert client.get(not_sent.get_absolute_url()).status_code == 404


def test_officer_of_the_successor_office_sees_the_predecessors_conference(client, make_user):
    conference = HeldConferenceFactory()
    InvitationFactory(conference=conference, unit=Unit.objects.get(code="P63-HAIDUONG"))
    officer = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"))
    client.force_login(officer)
    assert client.get(conference.get_absolute_url()).status_code == 200


def test_officer_sees_only_own_units_participants(client, hanoi_officer, conference, hanoi_invitation):
    ParticipantFactory(invitation=hanoi_invitation, name="Người Hà Nội")
    ParticipantFactory(invitation=InvitationFactory(conference=conference), name="Người tỉnh khác")
    client.force_login(hanoi_officer)
    for url in (conference.get_absolute_url(), reverse("conferences:participant_list", args=[conference.pk])):
        html = client.get(url).content.decode()
        assert "Người Hà Nội" in html and "Người tỉnh khác" not in html


def test_create_from_task_prefills_the_form(client, planner):
    task = TaskFactory(title="Tổ chức tập huấn đối ngoại", category=Task.Category.TRAINING, lead=Unit.objects.get(code="HTQT"))
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_create_from_task", args=[task.pk]))
    form = response.context["form"]
    assert form["title"].value() == "Tổ chức tập huấn đối ngoại"
    assert form["task"].value() == task.pk
    assert form["organiser"].value() == Unit.objects.get(code="HTQT").pk


def test_create_with_end_before_start_rerenders_with_error(client, planner):
    client.force_login(planner)
    response = client.post(reverse("conferences:conference_create"), {
        "title": "Hội nghị", "kind": "training", "start_date": "16/07/2024", "end_date": "15/07/2024",
        "venue": "Hải Dương", "organiser": Unit.objects.get(code="HTQT").pk,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    assert not Conference.objects.exists()


def test_edit_with_a_stale_version_shows_the_conflict(client, planner):
    conference = ConferenceFactory()
    client.force_login(planner)
    data = {
        "title": "Tên mới", "kind": "training", "start_date": conference.start_date.strftime("%d/%m/%Y"),
        "end_date": conference.end_date.strftime("%d/%m/%Y"), "venue": "Hà Nội", "organiser": conference.organiser_id,
        "lock_version": 0,
    }
    assert client.post(reverse("conferences:conference_update", args=[conference.pk]), data).status_code == 302
    response = client.post(reverse("conferences:conference_update", args=[conference.pk]), {**data, "title": "Tên khác"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    conference.refresh_from_db()
    assert conference.title == "Tên mới"


def test_register_beyond_quota_shows_the_error(client, hanoi_officer, conference, hanoi_invitation):
    client.force_login(hanoi_officer)
    url = reverse("conferences:participant_register", args=[conference.pk])
    for name in ("Một", "Hai"):
        assert client.post(url, {"invitation": hanoi_invitation.pk, "name": name}).status_code == 302
    response = client.post(url, {"invitation": hanoi_invitation.pk, "name": "Ba"})
    assert response.status_code == 200
    assert response.context["register_form"].non_field_errors()
    assert hanoi_invitation.participants.count() == 2


def test_officer_cannot_register_for_another_invited_unit(client, hanoi_officer, conference, hanoi_invitation):
    other = InvitationFactory(conference=conference)
    client.force_login(hanoi_officer)
    url = reverse("conferences:participant_register", args=[conference.pk])
    response = client.post(url, {"invitation": other.pk, "name": "X"})
    assert response.status_code == 200
    assert "invitation" in response.context["register_form"].errors
    assert not other.participants.exists()


def test_attendance_page_records_present_participants(client, planner):
    conference = HeldConferenceFactory()
    invitation = InvitationFactory(conference=conference)
    here, away = ParticipantFactory(invitation=invitation), ParticipantFactory(invitation=invitation)
    client.force_login(planner)
    url = reverse("conferences:attendance", args=[conference.pk])
    response = client.post(url, {"day": TODAY().isoformat(), "present": [here.pk]})
    assert response.status_code == 302
    assert set(Attendance.objects.filter(day=TODAY(), present=True).values_list("participant_id", flat=True)) == {here.pk}
    assert Attendance.objects.get(participant=away).present is False


def test_attendance_for_a_future_day_is_an_error_message_not_500(client, planner):
    conference = HeldConferenceFactory(end_date=TODAY() + datetime.timedelta(days=1))
    client.force_login(planner)
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("conferences:attendance", args=[conference.pk]), {"day": tomorrow}, follow=True)
    assert response.status_code == 200
    assert not Attendance.objects.exists()
    assert list(response.context["messages"])


def test_feedback_page_officer_rates_own_participant(client, hanoi_officer, hanoi):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=TODAY())
    mine = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=hanoi))
    client.force_login(hanoi_officer)
    url = reverse("conferences:feedback", args=[conference.pk])
    response = client.post(url, {"participant": mine.pk, f"rating_{session.pk}": "4", f"comment_{session.pk}": "Tốt"})
    assert response.status_code == 302
    assert Feedback.objects.get().rating == 4


def test_feedback_without_any_rating_is_a_form_error(client, planner):
    conference = HeldConferenceFactory()
    AgendaSessionFactory(conference=conference, day=TODAY())
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
    client.force_login(planner)
    response = client.post(reverse("conferences:feedback", args=[conference.pk]), {"participant": participant.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_conference_page_shows_feedback_averages(client, planner):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=TODAY(), topic="Ngoại giao cây tre Việt Nam")
    invitation = InvitationFactory(conference=conference, quota=5)
    for rating in (4, 5):
        Feedback.objects.create(session=session, participant=ParticipantFactory(invitation=invitation), rating=rating)
    client.force_login(planner)
    response = client.get(conference.get_absolute_url())
    session_row = response.context["sessions"][0]
    assert session_row.rating_average == 4.5 and session_row.rating_count == 2
    assert "4,50" in response.content.decode() or "4.50" in response.content.decode()


def test_participants_xlsx_has_participants_and_attendance(client, planner):
    conference = HeldConferenceFactory()
    hanoi = Unit.objects.get(code="P34-HANOI")
    participant = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=hanoi), name="Đỗ Quốc Huy")
    Attendance.objects.create(participant=participant, day=TODAY(), present=True)
    client.force_login(planner)
    response = client.get(reverse("conferences:participant_list", args=[conference.pk]), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == str(hanoi) and rows[1][2] == "Đỗ Quốc Huy"
    assert rows[1][-1] in ("Có mặt", "Present")
    totals = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert totals[1][:3] == (str(hanoi), 2, 1)


def test_ics_is_rfc5545_with_crlf_and_folded_lines(client, planner):
    conference = ConferenceFactory(title="Hội nghị tập huấn công tác đối ngoại và bồi dưỡng kiến thức hội nhập quốc tế, năm 2024")
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_ics", args=[conference.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert f"DTSTART;VALUE=DATE:{conference.start_date:%Y%m%d}" in unfolded
    assert f"DTEND;VALUE=DATE:{conference.end_date + datetime.timedelta(days=1):%Y%m%d}" in unfolded
    assert "SUMMARY:Hội nghị tập huấn công tác đối ngoại và bồi dưỡng kiến thức hội nhập quốc tế\\, năm 2024" in unfolded


def test_calendar_starts_weeks_on_monday_and_shows_the_conference(client, planner):
    ConferenceFactory(title="Tập huấn tháng Bảy", start_date=datetime.date(2024, 7, 15), end_date=datetime.date(2024, 7, 16),
                      registration_deadline=None)
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_calendar"), {"year": 2024, "month": 7})
    weeks = response.context["weeks"]
    assert weeks[0][0]["day"] == datetime.date(2024, 7, 1)  # a Monday
    cells = [cell for week in weeks for cell in week if cell["conferences"]]
    assert [cell["day"].day for cell in cells] == [15, 16]


def test_calendar_bad_month_falls_back_to_this_month(client, planner):
    client.force_login(planner)
    response = client.get(reverse("conferences:conference_calendar"), {"year": "x", "month": "13"})
    assert response.status_code == 200
    assert response.context["month"] == TODAY().replace(day=1)


def test_material_download_of_an_invisible_conference_is_404(client, make_user):
    from django.core.files.base import ContentFile

    from conferences.models import SessionMaterial

    material = SessionMaterial.objects.create(
        session=AgendaSessionFactory(), title="Tài liệu", file=ContentFile(b"data", name="a.pdf"),
    )
    client.force_login(make_user(User.Role.UNIT_OFFICER, UnitFactory()))
    assert client.get(material.get_absolute_url()).status_code == 404


def test_print_agenda_has_no_inline_style(client, planner):
    session = AgendaSessionFactory(speakers=[SpeakerFactory(name="Võ Trí Thành")])
    client.force_login(planner)
    html = client.get(reverse("conferences:agenda_print", args=[session.conference_id])).content.decode()
    assert "Võ Trí Thành" in html
    assert "style=" not in html and "onclick" not in html


def test_conference_list_query_count_is_constant(client, planner):
    client.force_login(planner)
    url = reverse("conferences:conference_list")
    conference = ConferenceFactory(title="Đếm truy vấn 0")
    InvitationFactory(conference=conference)
    client.get(url)
    few = _count_queries(client, url, q="dem truy van")
    for n in range(1, 15):
        other = ConferenceFactory(title=f"Đếm truy vấn {n}", province=Unit.objects.get(code="P63-HAIDUONG"))
        ParticipantFactory.create_batch(2, invitation=InvitationFactory(conference=other))
    assert _count_queries(client, url, q="dem truy van") == few


@pytest.mark.parametrize("role", ["planner", "officer"])
def test_conference_detail_query_count_is_constant(client, role, planner, make_user):
    conference = HeldConferenceFactory()
    unit = UnitFactory()
    user = planner if role == "planner" else make_user(User.Role.UNIT_OFFICER, unit)
    invitation = InvitationFactory(conference=conference, unit=unit, quota=100)
    session = AgendaSessionFactory(conference=conference, day=TODAY(), speakers=[SpeakerFactory()])
    first = ParticipantFactory(invitation=invitation)
    Attendance.objects.create(participant=first, day=TODAY())
    Feedback.objects.create(session=session, participant=first, rating=4)
    client.force_login(user)
    url = conference.get_absolute_url()
    client.get(url)
    few = _count_queries(client, url)
    for n in range(20):
        participant = ParticipantFactory(invitation=invitation)
        Attendance.objects.create(participant=participant, day=TODAY(), present=n % 2 == 0)
        Feedback.objects.create(session=session, participant=participant, rating=1 + n % 5)
        ParticipantFactory(invitation=InvitationFactory(conference=conference))
    AgendaSessionFactory(conference=conference, day=TODAY(), start_time=datetime.time(13), end_time=datetime.time(14),
                         speakers=[SpeakerFactory(), SpeakerFactory()])
    assert _count_queries(client, url) == few


def test_participant_page_query_count_is_constant(client, planner):
    conference = HeldConferenceFactory()
    invitation = InvitationFactory(conference=conference, quota=100)
    ParticipantFactory(invitation=invitation)
    client.force_login(planner)
    url = reverse("conferences:participant_list", args=[conference.pk])
    client.get(url)
    few = _count_queries(client, url)
    for _ in range(20):
        participant = ParticipantFactory(invitation=InvitationFactory(conference=conference))
        Attendance.objects.create(participant=participant, day=TODAY())
    withdrawn = ParticipantFactory(invitation=invitation)
    Participant.objects.filter(pk=withdrawn.pk).update(status="withdrawn", withdrawn_at=timezone.now())
    assert _count_queries(client, url) == few


def test_material_upload_then_invited_officer_downloads_it(client, planner, hanoi_officer, conference, hanoi_invitation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = AgendaSessionFactory(conference=conference)
    client.force_login(planner)
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 bamboo diplomacy", content_type="application/pdf")
    url = reverse("conferences:material_upload", args=[session.pk])
    response = client.post(url, {"title": "Ngoại giao cây tre", "file": upload})
    assert response.status_code == 302
    material = session.materials.get()
    client.force_login(hanoi_officer)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 bamboo diplomacy"


def test_material_with_a_forbidden_extension_is_a_form_error(client, planner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = AgendaSessionFactory()
    client.force_login(planner)
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("conferences:material_upload", args=[session.pk]), {"title": "x", "file": upload})
    assert response.status_code == 200
    assert response.context["material_form"].errors["file"]
    assert not session.materials.exists()


def test_report_page_files_the_report_and_completes_the_task_on_approval(client, planner):
    task = TaskFactory(category=Task.Category.TRAINING)
    ReportingPeriodFactory(plan=task.plan)
    conference = HeldConferenceFactory(task=task)
    client.force_login(planner)
    response = client.post(reverse("conferences:conference_report", args=[conference.pk]), {
        "report_text": "Hội nghị đạt kết quả tốt.", "actual_budget": "420000000",
    })
    assert response.status_code == 302
    task.refresh_from_db()
    conference.refresh_from_db()
    assert conference.status == Conference.Status.REPORT_FILED
    report = ProgressReport.objects.get(assignment__task=task, status=ProgressReport.Status.SUBMITTED)
    client.post(reverse("reports:report_approve", args=[report.pk]), {"lock_version": report.lock_version})
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_leader_reads_the_conference_but_cannot_register(client, leader, conference, hanoi_invitation):
    client.force_login(leader)
    assert client.get(conference.get_absolute_url()).status_code == 200
    url = reverse("conferences:participant_register", args=[conference.pk])
    assert client.post(url, {"invitation": hanoi_invitation.pk, "name": "X"}).status_code == 403
    assert not Participant.objects.exists()


def test_material_pdf_opens_in_the_page_other_kinds_download(client, planner):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from conferences.models import SessionMaterial

    session = AgendaSessionFactory()
    pdf = SessionMaterial(session=session, title="Bài trình bày")
    pdf.store(SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n%%EOF\n"), by=planner)
    pdf.save()
    client.force_login(planner)
    inline = client.get(pdf.get_absolute_url(), {"view": "inline"})
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Security-Policy"] == "sandbox"
    page = client.get(session.conference.get_absolute_url()).content.decode()
    assert f'src="{pdf.get_absolute_url()}?view=inline"' in page
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("ghi-chu.txt", "Tài liệu hội nghị")
    zipped = SessionMaterial(session=session, title="Tệp nén")
    zipped.store(SimpleUploadedFile("tai-lieu.zip", archive.getvalue()), by=planner)
    zipped.save()
    download = client.get(zipped.get_absolute_url(), {"view": "inline"})  # not a kind a browser shows: a download
    assert download["Content-Disposition"].startswith("attachment")
    assert download.get("Content-Security-Policy") != "sandbox"
    page = client.get(session.conference.get_absolute_url()).content.decode()
    assert f'src="{zipped.get_absolute_url()}?view=inline"' not in page
