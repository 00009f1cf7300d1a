import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from core.documents import safe_filename, serve_file
from reports.models import ReportAttachment


def stored(name: str, content: bytes) -> FieldFile:
    field = ReportAttachment._meta.get_field("file")
    path = default_storage.save(f"test-documents/{name}", ContentFile(content))
    return FieldFile(ReportAttachment(), field, path)


def test_serve_file_is_a_private_download_never_sniffed():
    response = serve_file(stored("a.pdf", b"%PDF-1.4 x"), filename="Báo cáo quý 1.pdf", content_type="application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in response


def test_serve_file_inline_only_for_what_a_browser_shows_and_in_a_sandbox():
    pdf = serve_file(stored("b.pdf", b"%PDF-1.4 x"), filename="b.pdf", content_type="application/pdf", inline=True)
    assert pdf["Content-Disposition"].startswith("inline;")
    assert pdf["Content-Security-Policy"] == "sandbox"
    word = serve_file(stored("c.doc", b"x"), filename="c.doc", content_type="application/msword", inline=True)
    assert word["Content-Disposition"].startswith("attachment;")


def test_serve_file_missing_from_storage_is_a_logged_404(caplog):
    missing = stored("gone.pdf", b"%PDF-1.4")
    default_storage.delete(missing.name)
    with caplog.at_level(logging.ERROR, logger="core.documents"), pytest.raises(Http404):
        serve_file(missing, filename="gone.pdf", content_type="application/pdf")
    assert "gone" in caplog.text


@pytest.mark.parametrize(
    "name,expected",
    [
        ("../../etc/passwd", "passwd"),
        ('báo "cáo"\r\n.pdf', "báo -cáo-.pdf"),
        ("C:\\Users\\a\\Kế hoạch.docx", "Kế hoạch.docx"),
        ("...", "document"),
    ],
)
def test_safe_filename_keeps_diacritics_drops_paths_and_controls(name, expected):
    assert safe_filename(name) == expected
