"""The succession chain (accounts/succession.py) and the dated unit memberships."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Unit, UnitMembership, UnitSuccession, User
from accounts.succession import Stop
from accounts.tests.factories import UnitFactory, officer_of

DAY = datetime.date(2026, 12, 1)
ENDED = datetime.date(2025, 6, 30)


def ended_unit(code, **kwargs):
    return UnitFactory(code=code, valid_to=kwargs.pop("valid_to", ENDED), **kwargs)


def link(old, new, *, heir=False):
    return UnitSuccession.objects.create(from_unit=old, to_unit=new, takes_open_work=heir)


@pytest.mark.django_db
def test_hai_duong_open_work_is_carried_by_hai_phong_from_1_july_2025():
    hai_duong, hai_phong = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P34-HAIPHONG")
    assert Unit.objects.succession_on(datetime.date(2025, 6, 30)).carrier(hai_duong.pk) == hai_duong.pk
    succession = Unit.objects.succession_on(datetime.date(2025, 7, 1))
    assert succession.carrier(hai_duong.pk) == hai_phong.pk
    assert hai_duong.pk in succession.carried_by(hai_phong.pk)
    assert succession.carried_by(hai_duong.pk) == frozenset()


@pytest.mark.django_db
def test_a_chain_of_two_successions_is_followed_to_its_end():
    a, b, c = ended_unit("CH2-A"), ended_unit("CH2-B", valid_to=datetime.date(2026, 1, 31)), UnitFactory(code="CH2-C")
    link(a, b)
    link(b, c)
    succession = Unit.objects.succession_on(DAY)
    assert succession.chain(a.pk) == [a.pk, b.pk, c.pk]
    assert succession.carrier(a.pk) == c.pk
    assert succession.carried_by(c.pk) == {a.pk, b.pk, c.pk}
    assert succession.through(b.pk) == {a.pk, b.pk}  # what B's officers may finish during its grace period
    before_b_ends = Unit.objects.succession_on(datetime.date(2026, 1, 31))
    assert before_b_ends.carrier(a.pk) == b.pk


@pytest.mark.django_db
def test_merge_then_split_goes_to_the_successor_named_to_take_the_work(merge_then_split):
    a, b, c, d = merge_then_split
    succession = Unit.objects.succession_on(DAY)
    assert succession.carrier(a.pk) == c.pk
    assert succession.carrier(b.pk) == c.pk
    assert succession.carried_by(c.pk) == {a.pk, b.pk, c.pk}
    assert succession.carried_by(d.pk) == {d.pk}


@pytest.mark.django_db
def test_a_split_with_no_successor_named_leaves_the_work_orphaned(merge_then_split):
    a, b, c, _d = merge_then_split
    UnitSuccession.objects.filter(from_unit=b).update(takes_open_work=False)
    succession = Unit.objects.succession_on(DAY)
    assert succession.carrier(a.pk) == b.pk
    assert succession.stop(a.pk) == Stop.NO_HEIR_NAMED
    assert succession.carried_by(c.pk) == {c.pk}


@pytest.mark.django_db
def test_an_ended_unit_with_no_successor_carries_its_work_nowhere():
    alone = ended_unit("CH-ALONE")
    succession = Unit.objects.succession_on(DAY)
    assert succession.carrier(alone.pk) == alone.pk
    assert succession.stop(alone.pk) == Stop.NO_SUCCESSOR
    assert succession.stop(UnitFactory(code="CH-ACTIVE").pk) is None


@pytest.mark.django_db
def test_a_unit_names_at_most_one_successor_to_take_its_open_work(merge_then_split):
    _a, b, _c, d = merge_then_split
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitSuccession.objects.filter(from_unit=b, to_unit=d).update(takes_open_work=True)


@pytest.mark.django_db
def test_carrier_expression_groups_open_rows_by_their_carrier():
    hai_duong, hai_phong = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P34-HAIPHONG")
    expression = Unit.objects.succession_on(DAY).carrier_expression("pk")
    carriers = dict(Unit.objects.filter(pk__in=[hai_duong.pk, hai_phong.pk]).annotate(c=expression).values_list("pk", "c"))
    assert carriers == {hai_duong.pk: hai_phong.pk, hai_phong.pk: hai_phong.pk}


@pytest.mark.django_db
def test_succession_snapshot_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        Unit.objects.succession_on(DAY)


# --- Memberships -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_user_is_a_member_of_their_unit_from_the_start(unit):
    officer = officer_of(unit)
    membership = UnitMembership.objects.get(user=officer)
    assert (membership.unit, membership.valid_from, membership.valid_to, membership.is_focal) == (unit, None, None, True)
    assert list(UnitMembership.objects.officers_on(datetime.date(2020, 1, 1)).values_list("user", flat=True)) == [officer.pk]


@pytest.mark.django_db
def test_moving_a_user_ends_the_old_membership_and_starts_a_new_one(unit, other_unit):
    officer = officer_of(unit)
    officer.unit = other_unit
    officer.save()
    old, new = UnitMembership.objects.get(unit=unit), UnitMembership.objects.get(unit=other_unit)
    assert old.valid_to is not None and not old.is_active_on(new.valid_from)
    assert new.valid_to is None
    assert set(UnitMembership.objects.officers_on().values_list("unit", flat=True)) == {other_unit.pk}


@pytest.mark.django_db
def test_saving_a_user_without_changing_the_unit_adds_no_membership(unit):
    officer = officer_of(unit)
    officer.first_name = "Lan"
    officer.save()
    officer.save(update_fields=["last_login"])
    assert UnitMembership.objects.filter(user=officer).count() == 1


@pytest.mark.django_db
def test_an_officer_who_left_or_is_inactive_is_no_active_officer(unit, make_user):
    left, inactive = officer_of(unit), officer_of(unit, is_active=False)
    not_focal, planner = officer_of(unit), make_user(User.Role.CENTRAL_PLANNER, unit)
    UnitMembership.objects.filter(user=left).update(valid_to=DAY - datetime.timedelta(days=1))
    UnitMembership.objects.filter(user=not_focal).update(is_focal=False)
    stays = officer_of(unit)
    assert set(UnitMembership.objects.officers_on(DAY).values_list("user", flat=True)) == {stays.pk}
    assert {inactive.pk, planner.pk}.isdisjoint(UnitMembership.objects.officers_on(DAY).values_list("user", flat=True))


@pytest.mark.django_db
def test_unit_directory_lists_only_current_officers(client, officer):
    client.force_login(officer)
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    gone = officer_of(hai_duong, first_name="Đã", last_name="Nghỉviệc")
    UnitMembership.objects.filter(user=gone).update(valid_to=datetime.date(2025, 6, 30))
    officer_of(hai_duong, first_name="Còn", last_name="Đây")
    html = client.get(hai_duong.get_absolute_url()).content.decode()
    assert "Còn Đây" in html or "Đây Còn" in html
    assert "Nghỉviệc" not in html


# --- Work units and the grace period -----------------------------------------------------------


@pytest.mark.django_db
def test_successor_officer_works_on_the_ended_units_work():
    hai_phong = officer_of(Unit.objects.get(code="P34-HAIPHONG"))
    codes = set(Unit.objects.filter(pk__in=hai_phong.work_unit_ids).values_list("code", flat=True))
    assert {"P34-HAIPHONG", "P63-HAIDUONG", "P63-HAIPHONG"} <= codes


@pytest.mark.django_db
def test_ended_units_officer_works_on_its_work_only_during_the_grace_period():
    ended = ended_unit("GR-A", valid_to=timezone.localdate() - datetime.timedelta(days=10), report_grace_days=30)
    officer = officer_of(ended)
    assert officer.work_unit_ids == {ended.pk}
    Unit.objects.filter(pk=ended.pk).update(report_grace_days=5)
    assert User.objects.get(pk=officer.pk).work_unit_ids == frozenset()
    assert ended.pk in User.objects.get(pk=officer.pk).unit_lineage_ids  # history stays readable


@pytest.mark.django_db
def test_units_csv_marks_the_successor_that_takes_the_work(tmp_path):
    from accounts.unit_data import load_units

    csv = tmp_path / "units.csv"
    csv.write_text(
        "code,kind,name_vi,name_en,parent_code,valid_from,valid_to,successor_codes,region\n"
        "SPL-OLD,provincial_office,Cũ,Old,,,2025-06-30,SPL-B;*SPL-A,\n"
        "SPL-A,provincial_office,A,A,,2025-07-01,,,\n"
        "SPL-B,provincial_office,B,B,,2025-07-01,,,\n",
        encoding="utf-8",
    )
    load_units(Unit, csv)
    old = Unit.objects.get(code="SPL-OLD")
    assert Unit.objects.get(pk=Unit.objects.succession_on(DAY).carrier(old.pk)).code == "SPL-A"


@pytest.mark.django_db
def test_admin_edits_successions_and_memberships(client, administrator):
    client.force_login(administrator)
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    html = client.get(f"/admin/accounts/unit/{hai_duong.pk}/change/").content.decode()
    assert "takes_open_work" in html and "report_grace_days" in html and "memberships" in html
    officer = officer_of(hai_duong)
    assert client.get(f"/admin/accounts/user/{officer.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/user/add/").status_code == 200
    assert client.get("/admin/accounts/unitmembership/").status_code == 200
