"""The private-document store: one abstract model for every uploaded document, one serve function.

A document kind (report evidence, an agreement's PDF, conference materials…) subclasses
`PrivateDocument`, says where its files go (`UPLOAD_PREFIX`) and which kinds it accepts
(`ACCEPTED`), and is written with `store()`. Files live under MEDIA_ROOT, outside the web root;
a view serves one only after the model's guard found it (`serve_document`), and documents are
removed (marked, never deleted).
"""

import logging
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import uploads

logger = logging.getLogger(__name__)
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def document_upload_to(instance, filename: str) -> str:
    """Keep the extension, hide the original name (kept in `original_name`)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.UPLOAD_PREFIX}/{uuid.uuid4().hex}{suffix}"


class PrivateDocument(models.Model):
    UPLOAD_PREFIX = "documents"
    ACCEPTED: tuple[uploads.FileType, ...] = uploads.EVIDENCE

    file = models.FileField(gettext_lazy("file"), upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(gettext_lazy("file name"), max_length=255, blank=True)
    content_type = models.CharField(gettext_lazy("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(gettext_lazy("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("uploaded by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(gettext_lazy("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("removed by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )

    class Meta:
        abstract = True

    def store(self, upload, *, by) -> uploads.FileType:
        """Check `upload` by its content and take it as this document's file (the caller saves)."""
        found = uploads.check_upload(upload, accepted=self.ACCEPTED)
        self.file = upload
        self.original_name = PurePath(upload.name).name[:255]
        self.content_type = found.content_type
        self.size = upload.size
        self.uploaded_by = by
        self.uploaded_at = timezone.now()
        return found

    def mark_removed(self, *, by) -> None:
        self.removed_at, self.removed_by = timezone.now(), by

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def shows_inline(self) -> bool:
        """PDFs and images open in the browser's own viewer; everything else downloads."""
        return self.content_type in uploads.INLINE_CONTENT_TYPES

    @property
    def download_name(self) -> str:
        return self.original_name or PurePath(self.file.name).name


def safe_filename(name: str, fallback: str = "document") -> str:
    """A name for Content-Disposition: no path, no control or reserved characters; diacritics kept."""
    cleaned = UNSAFE_IN_NAME.sub("-", PurePath(name.replace("\\", "/")).name).strip(" .-")
    return cleaned[:200] or fallback


def serve_file(field_file, *, filename: str, content_type: str = "", inline: bool = False) -> FileResponse:
    """Serve a stored file the caller's guard already allowed: a download (or, for PDFs and images when
    asked, inline in a sandbox), never cached, never sniffed. A file missing from storage is a 404, logged."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Stored file missing: %s (%s)", field_file.name or "(none)", filename)
        raise Http404(_("The file of this document is missing; the administrator has been told.")) from None
    inline = inline and content_type in uploads.INLINE_CONTENT_TYPES
    response = FileResponse(
        handle, as_attachment=not inline, filename=safe_filename(filename), content_type=content_type or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Shown by the browser's own viewer, with no script, form or same-origin rights; the portal's
        # own pages may frame it (beside its download button), no other site may.
        response["Content-Security-Policy"] = "sandbox"
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


INLINE_PARAMETER = "view"


def wants_inline(request) -> bool:
    """The page asked to show the document in the browser (`?view=inline`), not to download it."""
    return request.GET.get(INLINE_PARAMETER) == "inline"


def serve_document(document: PrivateDocument, *, inline: bool = False) -> FileResponse:
    """Serve a document row that the caller got through its model's guard (`visible_to`)."""
    if document.is_removed:
        raise Http404
    return serve_file(
        document.file, filename=document.download_name, content_type=document.content_type, inline=inline,
    )
