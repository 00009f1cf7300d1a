import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import EVIDENCE, MATERIALS, OLE2, check_upload
from reports.tests.factories import PDF_BYTES


def office_zip(folder: str, with_content_types: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if with_content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("bao-cao.pdf", PDF_BYTES, "application/pdf"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("bao-cao.docx", office_zip("word"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("so-lieu.xlsx", office_zip("xl"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("cu.doc", OLE2 + b"\0" * 20, "application/msword"),
        ("cu.xls", OLE2 + b"\0" * 20, "application/vnd.ms-excel"),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, expected):
    assert check_upload(upload(name, content)).content_type == expected


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\0" * 20),  # a Windows program renamed
        ("trang.html", b"<html><script>alert(1)</script></html>"),
        ("nen.zip", office_zip("other")),
        ("khong-co-content-types.docx", office_zip("word", with_content_types=False)),
        ("trinh-chieu.pptx", office_zip("ppt")),
        ("hong.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_other_content_is_rejected_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert error.value.code == "type"


def test_name_must_match_content():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("bao-cao.docx", PDF_BYTES))
    assert error.value.code == "name"


def test_size_limit_comes_from_settings(settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(ValidationError) as error:
        check_upload(upload("lon.pdf", PDF_BYTES + b"\0" * 100))
    assert error.value.code == "too_large"


def test_empty_file_is_rejected():
    with pytest.raises(ValidationError):
        check_upload(upload("rong.pdf", b""))


@pytest.mark.parametrize(
    "name,content",
    [
        ("trinh-chieu.pptx", office_zip("ppt")),
        ("cu.ppt", OLE2 + b"\0" * 20),
        ("tai-lieu.zip", office_zip("other", with_content_types=False)),
        ("bao-cao.pdf", PDF_BYTES),
    ],
)
def test_materials_accept_slides_and_archives(name, content):
    assert check_upload(upload(name, content), accepted=MATERIALS)


@pytest.mark.parametrize(
    "name,content",
    [
        ("slides.pdf", b"MZ\x90\x00" + b"\0" * 20),  # a Windows program renamed .pdf
        ("slides.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>"),
        ("slides.pptx", b"MZ\x90\x00" + b"\0" * 20),
    ],
)
def test_materials_refuse_a_program_or_a_page_renamed(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content), accepted=MATERIALS)
    assert error.value.code == "type"


def test_evidence_refuses_what_only_materials_accept():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("trinh-chieu.pptx", office_zip("ppt")), accepted=EVIDENCE)
    assert "PDF" in str(error.value)
