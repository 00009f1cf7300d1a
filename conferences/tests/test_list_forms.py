"""The query strings of the conference, participant and speaker lists go through a form: a NUL byte, a
bad id or a bad number is a form error over an empty list (also for the Excel downloads), never a 500.
The participant list can be searched (diacritics ignored) and narrowed to one unit."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Unit

from .factories import ConferenceFactory, InvitationFactory, ParticipantFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BAD_CONFERENCE_QUERIES = ["q=%00", "year=abc", "year=99999", "kind=nope", "status=%00", "province=abc",
                          "province=99999999", "organiser=x"]
BAD_PARTICIPANT_QUERIES = ["q=%00", "invitation=abc", "invitation=99999999", "q=" + "x" * 300]


def _rows(response) -> list:
    return list(load_workbook(io.BytesIO(response.getvalue())).worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize("query", BAD_CONFERENCE_QUERIES)
@pytest.mark.parametrize("export", [False, True], ids=["page", "xlsx"])
def test_conference_list_bad_query_string_is_a_form_error_over_an_empty_list(client, planner, query, export):
    ConferenceFactory()
    client.force_login(planner)
    response = client.get(f"{reverse('conferences:conference_list')}?{query}{'&format=xlsx' if export else ''}")
    assert response.status_code == 200
    if export:
        assert len(_rows(response)) == 1
    else:
        assert response.context["filter_form"].errors
        assert not response.context["page_obj"].object_list
        assert "alert-warning" in response.content.decode()


@pytest.fixture
def with_participants(conference, hanoi_invitation):
    haiphong = InvitationFactory(conference=conference, unit=Unit.objects.get(code="P34-HAIPHONG"))
    ParticipantFactory(invitation=hanoi_invitation, name="Đỗ Quốc Huy", position="Phó Giám đốc")
    ParticipantFactory(invitation=haiphong, name="Lê Thị Mai")
    return conference


@pytest.mark.parametrize("query", BAD_PARTICIPANT_QUERIES)
@pytest.mark.parametrize("export", [False, True], ids=["page", "xlsx"])
def test_participant_list_bad_query_string_is_a_form_error_over_an_empty_list(client, planner, with_participants, query,
                                                                              export):
    client.force_login(planner)
    url = reverse("conferences:participant_list", args=[with_participants.pk])
    response = client.get(f"{url}?{query}{'&format=xlsx' if export else ''}")
    assert response.status_code == 200
    if export:
        assert len(_rows(response)) == 1
    else:
        assert response.context["filter_form"].errors
        assert response.context["rows"] == []


def test_participant_list_search_ignores_diacritics_and_narrows_to_a_unit(client, planner, with_participants,
                                                                          hanoi_invitation):
    client.force_login(planner)
    url = reverse("conferences:participant_list", args=[with_participants.pk])
    found = client.get(url, {"q": "do quoc huy"}).context["rows"]
    assert [row["participant"].name for row in found] == ["Đỗ Quốc Huy"]
    found = client.get(url, {"q": "pho giam doc"}).context["rows"]
    assert [row["participant"].name for row in found] == ["Đỗ Quốc Huy"]
    found = client.get(url, {"invitation": hanoi_invitation.pk}).context["rows"]
    assert [row["participant"].name for row in found] == ["Đỗ Quốc Huy"]
    export = client.get(url, {"q": "le thi mai", "format": "xlsx"})
    assert [row[2] for row in _rows(export)[1:]] == ["Lê Thị Mai"]


def test_an_officer_cannot_narrow_the_participant_list_to_another_unit(client, hanoi_officer, with_participants):
    other = with_participants.invitations.get(unit__code="P34-HAIPHONG")
    client.force_login(hanoi_officer)
    response = client.get(reverse("conferences:participant_list", args=[with_participants.pk]), {"invitation": other.pk})
    assert response.status_code == 200
    assert "invitation" in response.context["filter_form"].errors and response.context["rows"] == []
    assert "Lê Thị Mai" not in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 300])
def test_speaker_list_bad_query_string_is_a_form_error(client, officer, query):
    SpeakerFactory()
    client.force_login(officer)
    response = client.get(f"{reverse('conferences:speaker_list')}?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors and not response.context["page_obj"].object_list


def test_speaker_list_search_ignores_diacritics(client, officer):
    SpeakerFactory(name="Võ Trí Thành", organisation="Viện Nghiên cứu chiến lược thương hiệu và cạnh tranh")
    SpeakerFactory(name="Robert J. Palacios")
    client.force_login(officer)
    response = client.get(reverse("conferences:speaker_list"), {"q": "vo tri thanh"})
    assert [speaker.name for speaker in response.context["page_obj"]] == ["Võ Trí Thành"]


def test_speaker_list_query_count_is_constant(client, officer):
    client.force_login(officer)
    url = reverse("conferences:speaker_list")
    SpeakerFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(12):
        SpeakerFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(one) == len(many)
