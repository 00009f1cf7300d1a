"""Uploaded files: what a file is, judged by its first bytes, never by its name.

The one upload check of the portal: every document kind (core.documents) and every file field
goes through `check_upload`, with the size limit from ATTACHMENT_MAX_BYTES."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint 97-2003
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PDF_TYPE = FileType("application/pdf", (".pdf",), "PDF")
PNG_TYPE = FileType("image/png", (".png",), "PNG")
JPEG_TYPE = FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG")
DOCX_TYPE = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word")
XLSX_TYPE = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "Excel")
PPTX_TYPE = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",), "PowerPoint")
DOC_TYPE = FileType("application/msword", (".doc",), "Word")
XLS_TYPE = FileType("application/vnd.ms-excel", (".xls",), "Excel")
PPT_TYPE = FileType("application/vnd.ms-powerpoint", (".ppt",), "PowerPoint")
ZIP_TYPE = FileType("application/zip", (".zip",), "ZIP")

# The sets of kinds the portal accepts, by what the file is for.
PDF_ONLY = (PDF_TYPE,)
TEXTS = (PDF_TYPE, DOCX_TYPE, DOC_TYPE)
EVIDENCE = (PDF_TYPE, DOCX_TYPE, DOC_TYPE, XLSX_TYPE, XLS_TYPE, PNG_TYPE, JPEG_TYPE)
MATERIALS = (*EVIDENCE, PPTX_TYPE, PPT_TYPE, ZIP_TYPE)

KIND_SETS = {"pdf_only": PDF_ONLY, "texts": TEXTS, "evidence": EVIDENCE, "materials": MATERIALS}

# Kinds a browser shows itself; only these are ever served inline (core.documents).
INLINE_CONTENT_TYPES = frozenset({PDF_TYPE.content_type, PNG_TYPE.content_type, JPEG_TYPE.content_type})

_OFFICE_FOLDERS = (("word/", DOCX_TYPE), ("xl/", XLSX_TYPE), ("ppt/", PPTX_TYPE))
_OLE2_BY_SUFFIX = {".xls": XLS_TYPE, ".ppt": PPT_TYPE}


def _zip_type(upload) -> FileType | None:
    """A .docx, .xlsx or .pptx is a zip holding [Content_Types].xml and its folder; anything else is a plain zip."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" in names:
        for folder, found in _OFFICE_FOLDERS:
            if any(name.startswith(folder) for name in names):
                return found
        return None
    return ZIP_TYPE


def detect_type(upload, name: str) -> FileType | None:
    """The known type whose signature the content carries, or None. For the old Office format the
    content says "Office 97-2003" and the name's extension picks which program."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF"):
        return PDF_TYPE
    if head.startswith(PNG):
        return PNG_TYPE
    if head.startswith(JPEG):
        return JPEG_TYPE
    if head.startswith(ZIP):
        found = _zip_type(upload)
        upload.seek(0)
        return found
    if head.startswith(OLE2):
        return _OLE2_BY_SUFFIX.get(PurePath(name).suffix.lower(), DOC_TYPE)
    return None


def accept_attribute(accepted: tuple[FileType, ...]) -> str:
    """The file input's `accept` list for these kinds."""
    return ",".join(extension for kind in accepted for extension in kind.extensions)


def kinds_label(accepted: tuple[FileType, ...]) -> str:
    return ", ".join(dict.fromkeys(kind.label for kind in accepted))


def check_upload(upload, *, accepted: tuple[FileType, ...] = EVIDENCE) -> FileType:
    """Accept a file of one of the `accepted` kinds up to ATTACHMENT_MAX_BYTES, whose name matches its content."""
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
    if found not in accepted:
        raise ValidationError(
            _("Only these kinds of file are accepted: %(kinds)s; this file's content is none of them.")
            % {"kinds": kinds_label(accepted)},
            code="type",
        )
    if PurePath(upload.name).suffix.lower() not in found.extensions:
        raise ValidationError(
            _("The file's content does not match its name: rename it to end in %(extension)s.")
            % {"extension": found.extensions[0]},
            code="name",
        )
    return found


@deconstructible
class UploadValidator:
    """`check_upload` as a field validator, for file fields that are not a document row (a plan's
    signed PDF, a conference's outcome report). A file already stored is not checked again."""

    def __init__(self, accepted: tuple[FileType, ...] | str = EVIDENCE):
        # A name from KIND_SETS ("pdf_only", "texts"…) keeps the validator writable into migrations.
        self.accepted = KIND_SETS[accepted] if isinstance(accepted, str) else tuple(accepted)

    def __call__(self, value):
        if isinstance(value, UploadedFile):
            check_upload(value, accepted=self.accepted)
        elif not getattr(value, "_committed", True):  # a FieldFile holding a new upload
            check_upload(value.file, accepted=self.accepted)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.accepted == self.accepted
