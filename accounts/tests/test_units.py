import datetime

import pytest

from accounts.models import Unit
from accounts.tests.factories import UnitFactory, officer_of
from core.text import fold

JUNE_30 = datetime.date(2025, 6, 30)
JULY_1 = datetime.date(2025, 7, 1)


def test_fold_strips_vietnamese_diacritics():
    assert fold("Hải Dương") == "hai duong"
    assert fold("ĐÀ NẴNG  Đắk Lắk") == "da nang dak lak"


@pytest.mark.django_db
def test_fresh_database_has_63_then_34_provincial_offices():
    offices = Unit.objects.filter(kind=Unit.Kind.PROVINCIAL)
    assert offices.active_on(JUNE_30).count() == 63
    assert offices.active_on(JULY_1).count() == 34


@pytest.mark.django_db
def test_every_old_office_has_one_successor_among_the_new():
    new_ids = set(Unit.objects.filter(kind=Unit.Kind.PROVINCIAL).active_on(JULY_1).values_list("pk", flat=True))
    for office in Unit.objects.filter(kind=Unit.Kind.PROVINCIAL, valid_to=JUNE_30).prefetch_related("successors"):
        successors = list(office.successors.all())
        assert len(successors) == 1, office.code
        assert successors[0].pk in new_ids


@pytest.mark.django_db
def test_hai_duong_is_succeeded_by_hai_phong():
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    assert [u.code for u in hai_duong.successors.all()] == ["P34-HAIPHONG"]
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")
    assert {"P63-HAIDUONG", "P63-HAIPHONG"} <= set(hai_phong.predecessors.values_list("code", flat=True))
    assert hai_duong.pk in hai_phong.lineage_ids()
    assert hai_phong.pk not in hai_duong.lineage_ids()


@pytest.mark.django_db
def test_central_units_change_on_1_march_2025():
    central = Unit.objects.filter(kind=Unit.Kind.CENTRAL)
    assert central.active_on(datetime.date(2025, 3, 1)).count() == 14
    tst = Unit.objects.get(code="TST")
    assert tst.is_active_on(datetime.date(2025, 2, 28))
    assert not tst.is_active_on(datetime.date(2025, 3, 1))
    assert tst.successors.get().is_active_on(datetime.date(2025, 3, 1))


@pytest.mark.django_db
def test_partners_are_in_the_same_directory():
    codes = set(Unit.objects.partners().values_list("code", flat=True))
    assert {"WB", "ILO", "ISSA", "ASSA", "NPS"} <= codes


@pytest.mark.django_db
def test_unit_list_search_ignores_diacritics(client, officer):
    client.force_login(officer)
    response = client.get("/units/", {"q": "hai duong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bảo hiểm xã hội tỉnh Hải Dương" in html
    assert "Bảo hiểm xã hội thành phố Hải Phòng" in html  # shown as the successor
    assert "Bảo hiểm xã hội thành phố Hà Nội" not in html


@pytest.mark.django_db
def test_unit_list_filters_by_kind_and_active_date(client, officer):
    client.force_login(officer)
    response = client.get("/units/", {"kind": "provincial_office", "active_on": "01/07/2025", "q": "hai"})
    names = [u.code for u in response.context["page_obj"]]
    assert "P34-HAIPHONG" in names
    assert "P63-HAIDUONG" not in names


@pytest.mark.django_db
def test_unit_list_bad_date_is_a_form_error_not_500(client, officer):
    client.force_login(officer)
    response = client.get("/units/", {"active_on": "31/02/2025"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["active_on"]


@pytest.mark.django_db
def test_unit_list_shows_focal_officers(client, officer):
    client.force_login(officer)
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    officer_of(hai_duong, first_name="Văn Nam", last_name="Phạm")
    html = client.get("/units/", {"q": "hai duong"}).content.decode()
    assert "Test Phạm" in html or "Văn Nam Phạm" in html


@pytest.mark.django_db
def test_unit_list_query_count_is_constant(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    for n in range(30):
        officer_of(UnitFactory(code=f"QC{n:03d}"))
    client.get("/units/")  # warm caches (content types, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/units/", {"q": "QC000"})
    with CaptureQueriesContext(connection) as many:
        client.get("/units/", {"q": "QC0"})
    assert len(few) == len(many)


@pytest.mark.django_db
def test_unit_detail_shows_successor(client, officer):
    client.force_login(officer)
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    html = client.get(hai_duong.get_absolute_url()).content.decode()
    assert "Hải Phòng" in html
