"""Session materials in the private-document store: checked by their content, served by core.documents,
a missing file is a 404; the migration keeps and describes the materials already there."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conferences.models import SessionMaterial

from .factories import AgendaSessionFactory

PDF = b"%PDF-1.4 bamboo diplomacy"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
HTML = b"<!DOCTYPE html><html><body><script>document.location='//evil'</script></body></html>"


def _upload(client, session, name, content):
    return client.post(reverse("conferences:material_upload", args=[session.pk]), {
        "title": "Ngoại giao cây tre", "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    })


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [("slides.pdf", WINDOWS_EXE), ("slides.pdf", HTML), ("slides.pptx", WINDOWS_EXE)],
                         ids=["exe renamed pdf", "html renamed pdf", "exe renamed pptx"])
def test_material_that_is_not_what_its_name_says_is_refused(client, planner, name, content):
    session = AgendaSessionFactory()
    client.force_login(planner)
    response = _upload(client, session, name, content)
    assert response.status_code == 200
    assert response.context["material_form"].errors["file"]
    assert not SessionMaterial.objects.exists()


@pytest.mark.django_db
def test_material_is_stored_described_and_served_privately(client, planner):
    session = AgendaSessionFactory()
    client.force_login(planner)
    assert _upload(client, session, "Ngoại giao cây tre.pdf", PDF).status_code == 302
    material = session.materials.get()
    assert (material.original_name, material.size) == ("Ngoại giao cây tre.pdf", len(PDF))
    assert material.content_type == "application/pdf"
    assert material.uploaded_by == planner and material.history.first().history_user == planner
    assert material.file.name.startswith("conferences/materials/")
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_material_whose_file_is_missing_is_404_not_500(client, planner):
    material = SessionMaterial.objects.create(
        session=AgendaSessionFactory(), title="Mất tệp", file="conferences/materials/gone.pdf",
    )
    client.force_login(planner)
    assert client.get(material.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_removed_material_is_neither_listed_nor_served(client, planner):
    session = AgendaSessionFactory()
    material = SessionMaterial.objects.create(session=session, title="Bản cũ", file=ContentFile(PDF, name="old.pdf"))
    material.mark_removed(by=planner)
    material.save()
    client.force_login(planner)
    assert client.get(material.get_absolute_url()).status_code == 404
    assert "Bản cũ" not in client.get(session.conference.get_absolute_url()).content.decode()


BEFORE = [("conferences", "0001_initial")]
AFTER = [("conferences", "0003_participant_search_text")]


@pytest.mark.django_db(transaction=True)
def test_migrations_keep_materials_and_participants_and_describe_them(reference_data, migrator):
    executor = migrator()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Unit = old.get_model("accounts", "Unit")
    conference = old.get_model("conferences", "Conference").objects.create(
        title="Tập huấn", start_date="2024-07-15", end_date="2024-07-16", venue="Hải Dương",
        organiser=Unit.objects.get(code="HTQT"),
    )
    session = old.get_model("conferences", "AgendaSession").objects.create(
        conference=conference, day="2024-07-15", start_time="08:00", end_time="09:00", topic="Khai mạc",
    )
    stored = default_storage.save("conferences/materials/old.ppt", ContentFile(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ppt"))
    Material = old.get_model("conferences", "SessionMaterial")
    kept = Material.objects.create(session=session, title="Bài trình bày", file=stored)
    lost = Material.objects.create(session=session, title="Tài liệu", file="conferences/materials/gone.pdf")
    guest = old.get_model("conferences", "Participant").objects.create(
        conference=conference, name="Nguyễn Hải Lưu", position="Phó Vụ trưởng", organisation="Bộ Ngoại giao",
    )

    executor = migrator()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    materials = new.get_model("conferences", "SessionMaterial").objects
    assert materials.count() == 2
    kept = materials.get(pk=kept.pk)
    assert (kept.original_name, kept.size, kept.file.name) == ("Bài trình bày.ppt", 12, stored)
    assert kept.content_type == "application/vnd.ms-powerpoint"
    lost = materials.get(pk=lost.pk)
    assert (lost.original_name, lost.size, lost.content_type) == ("Tài liệu.pdf", 0, "")
    guest = new.get_model("conferences", "Participant").objects.get(pk=guest.pk)
    assert guest.search_text == "nguyen hai luu pho vu truong bo ngoai giao"
    default_storage.delete(stored)
