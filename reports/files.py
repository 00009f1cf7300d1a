"""Evidence files: what a file is, judged by its first bytes, never by its name."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and Excel 97-2003
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]


PDF_TYPE = FileType("application/pdf", (".pdf",))
PNG_TYPE = FileType("image/png", (".png",))
JPEG_TYPE = FileType("image/jpeg", (".jpg", ".jpeg"))
DOCX_TYPE = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX_TYPE = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
DOC_TYPE = FileType("application/msword", (".doc",))
XLS_TYPE = FileType("application/vnd.ms-excel", (".xls",))

ACCEPTED_EXTENSIONS = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"


def _office_open_xml_type(upload) -> FileType | None:
    """A .docx or .xlsx is a zip holding [Content_Types].xml and a word/ or xl/ folder."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX_TYPE
    if any(name.startswith("xl/") for name in names):
        return XLSX_TYPE
    return None


def detect_type(upload, name: str) -> FileType | None:
    """The accepted type whose signature the content carries, or None. For the old Office format the
    content says "Word or Excel 97-2003" and the name's extension picks which."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    suffix = PurePath(name).suffix.lower()
    if head.startswith(b"%PDF"):
        return PDF_TYPE
    if head.startswith(PNG):
        return PNG_TYPE
    if head.startswith(JPEG):
        return JPEG_TYPE
    if head.startswith(ZIP):
        return _office_open_xml_type(upload)
    if head.startswith(OLE2):
        return XLS_TYPE if suffix == ".xls" else DOC_TYPE
    return None


def check_attachment(upload) -> FileType:
    """Accept PDF, Word, Excel and images up to ATTACHMENT_MAX_BYTES, whose name matches their content."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    found = detect_type(upload, upload.name)
    if found is None:
        raise ValidationError(
            _("Only PDF, Word, Excel, PNG and JPEG files are accepted; this file's content is none of them."),
            code="type",
        )
    if PurePath(upload.name).suffix.lower() not in found.extensions:
        raise ValidationError(
            _("The file's content does not match its name: rename it to end in %(extension)s.")
            % {"extension": found.extensions[0]},
            code="name",
        )
    return found
