"""Reads: the same rows as the pages, the same filters, ETags, languages, problem details."""

import datetime

from agreements.models import CoverageAccessLog
from agreements.tests.factories import CoverageCertificateFactory, SocialInsuranceAgreementFactory
from conferences.tests.factories import AgendaSessionFactory, ConferenceFactory, InvitationFactory, ParticipantFactory
from plans.tests.factories import TaskFactory


def titles(response):
    return [row["title"] for row in response.json()["results"]]


def test_tasks_of_a_unit_with_search_ignoring_diacritics(api_world, as_user):
    api = as_user(api_world.planner)
    assert titles(api.get("/api/v1/tasks/", {"lead": api_world.haiphong.pk})) == ["Hội thảo Hiệp định Hàn Quốc"]
    assert titles(api.get("/api/v1/tasks/", {"q": "hoi thao han quoc"})) == ["Hội thảo Hiệp định Hàn Quốc"]
    assert sorted(titles(api.get("/api/v1/tasks/"))) == ["Hội thảo Hiệp định Hàn Quốc", "Đoàn ra Lào"]


def test_tasks_carry_units_and_standing(api_world, as_user):
    row = as_user(api_world.planner).get("/api/v1/tasks/", {"lead": api_world.haiphong.pk}).json()["results"][0]
    assert row["lead_unit"] == api_world.haiphong.pk and row["coordinating_units"] == []
    assert row["deadline"] == "2024-12-31"  # ISO 8601
    assert row["bucket"] in {"late", "on_track", "at_risk", "done"}


def test_officer_sees_only_their_units_tasks(api_world, as_user):
    api = as_user(api_world.officer)
    assert titles(api.get("/api/v1/tasks/")) == ["Hội thảo Hiệp định Hàn Quốc"]
    assert api.get(f"/api/v1/tasks/{api_world.task_hn.pk}/").status_code == 404


def test_officer_gets_404_for_another_units_report(api_world, as_user):
    api = as_user(api_world.officer)
    response = api.get(f"/api/v1/reports/{api_world.hn_submitted.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    ids = [row["id"] for row in api.get("/api/v1/reports/").json()["results"]]
    assert ids == [api_world.hp_draft.pk]


def test_reports_list_newest_first_unless_ordered(api_world, as_user):
    api = as_user(api_world.planner)
    newest = [row["id"] for row in api.get("/api/v1/reports/").json()["results"]]
    assert len(newest) >= 2 and newest == sorted(newest, reverse=True)
    by_period = [row["id"] for row in api.get("/api/v1/reports/", {"ordering": "period"}).json()["results"]]
    assert sorted(by_period) == sorted(newest)  # the same reports in another order


def test_draft_plan_is_invisible_to_an_officer(api_world, as_user):
    assert as_user(api_world.officer).get(f"/api/v1/plans/{api_world.draft.pk}/").status_code == 404
    assert as_user(api_world.planner).get(f"/api/v1/plans/{api_world.draft.pk}/").status_code == 200


def test_invalid_filter_is_a_400_naming_the_parameter(api_world, as_user):
    response = as_user(api_world.planner).get("/api/v1/tasks/", {"deadline_from": "2024-12-31", "deadline_to": "2024-01-01"})
    assert response.status_code == 400
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["errors"][0]["parameter"] == "deadline_to"
    bad_order = as_user(api_world.planner).get("/api/v1/reports/", {"ordering": "secret"})
    assert bad_order.status_code == 400 and bad_order.json()["errors"][0]["parameter"] == "ordering"


def test_detail_has_an_etag_and_answers_304(api_world, as_user):
    api = as_user(api_world.planner)
    first = api.get(f"/api/v1/tasks/{api_world.task_hp.pk}/")
    etag = first["ETag"]
    assert api.get(f"/api/v1/tasks/{api_world.task_hp.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    api_world.task_hp.title = "Đổi tên"
    api_world.task_hp.save()
    changed = api.get(f"/api/v1/tasks/{api_world.task_hp.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_messages_follow_accept_language(api_world, as_user):
    api = as_user(api_world.planner)
    english = api.get("/api/v1/tasks/999999/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    vietnamese = api.get("/api/v1/tasks/999999/", HTTP_ACCEPT_LANGUAGE="vi")
    assert english.json()["title"] == "Not found." and english["Content-Language"] == "en"
    assert vietnamese.json()["title"] == "Không tìm thấy." and vietnamese["Content-Language"] == "vi"
    assert "Accept-Language" in english["Vary"]
    row = api.get(f"/api/v1/tasks/{api_world.task_hp.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert row["status_label"] == "Not started"


def test_pages_still_ignore_accept_language(api_world, client):
    client.force_login(api_world.planner)
    assert client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"


def test_unknown_api_address_is_a_problem(api_world, as_user):
    response = as_user(api_world.planner).get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_pagination_is_stable_and_complete(api_world, as_user):
    for _ in range(7):
        TaskFactory(objective=api_world.task_hp.objective, lead=api_world.haiphong, deadline=datetime.date(2024, 6, 1))
    api = as_user(api_world.planner)
    first = api.get("/api/v1/tasks/", {"page_size": 4}).json()
    second = api.get("/api/v1/tasks/", {"page_size": 4, "page": 2}).json()
    third = api.get("/api/v1/tasks/", {"page_size": 4, "page": 3}).json()
    seen = [row["id"] for page in (first, second, third) for row in page["results"]]
    assert first["count"] == 9 and len(seen) == 9 == len(set(seen))


def test_units_show_validity_and_successors(api_world, as_user):
    api_world.hanoi.valid_to = datetime.date(2025, 6, 30)
    api_world.hanoi.save()
    api_world.hanoi.successors.add(api_world.haiphong)
    row = as_user(api_world.officer).get(f"/api/v1/units/{api_world.hanoi.pk}/").json()
    assert row["valid_to"] == "2025-06-30" and row["successors"] == [api_world.haiphong.pk]
    successor = as_user(api_world.officer).get(f"/api/v1/units/{api_world.haiphong.pk}/").json()
    assert successor["predecessors"] == [api_world.hanoi.pk]
    found = as_user(api_world.officer).get("/api/v1/units/", {"q": "ha noi"}).json()["results"]
    assert api_world.hanoi.pk in [row["id"] for row in found]


def test_certificate_reads_are_logged_like_the_pages(api_world, as_user):
    agreement = SocialInsuranceAgreementFactory()
    own = CoverageCertificateFactory(agreement=agreement, office=api_world.haiphong)
    other = CoverageCertificateFactory(agreement=agreement, office=api_world.hanoi)
    api = as_user(api_world.officer)
    listed = api.get("/api/v1/certificates/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert api.get(f"/api/v1/certificates/{own.pk}/").status_code == 200
    assert api.get(f"/api/v1/certificates/{other.pk}/").status_code == 404
    log = list(CoverageAccessLog.objects.order_by("pk").values_list("certificate", "user", "channel", "path"))
    assert log == [
        (own.pk, api_world.officer.pk, CoverageAccessLog.Channel.LIST, "/api/v1/certificates/"),
        (own.pk, api_world.officer.pk, CoverageAccessLog.Channel.DETAIL, f"/api/v1/certificates/{own.pk}/"),
    ]


def test_conference_comes_with_sessions_and_the_participants_one_may_see(api_world, as_user):
    conference = ConferenceFactory()
    mine = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=api_world.haiphong))
    theirs = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=api_world.hanoi))
    session = AgendaSessionFactory(conference=conference)
    officer_view = as_user(api_world.officer).get(f"/api/v1/conferences/{conference.pk}/").json()
    assert [s["id"] for s in officer_view["sessions"]] == [session.pk]
    assert [p["id"] for p in officer_view["participants"]] == [mine.pk]
    central_view = as_user(api_world.planner).get(f"/api/v1/conferences/{conference.pk}/").json()
    assert {p["id"] for p in central_view["participants"]} == {mine.pk, theirs.pk}
    assert central_view["invited_count"] == 2


def test_review_queue_lists_submitted_reports(api_world, as_user):
    rows = as_user(api_world.planner).get("/api/v1/reports/", {"status": "submitted"}).json()["results"]
    assert [row["id"] for row in rows] == [api_world.hn_submitted.pk]
