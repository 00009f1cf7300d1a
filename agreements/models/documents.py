"""What the two kinds of PDF of the agreements app share: a title, PDF only, and "removed" rows hidden."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.documents import PrivateDocument
from core.uploads import PDF_ONLY


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """Not removed (documents are marked removed, never deleted)."""
        return self.filter(removed_at__isnull=True)


class TitledPdf(PrivateDocument):
    """A PDF with a title, in the private-document store (checked by its content)."""

    ACCEPTED = PDF_ONLY

    title = models.CharField(_("document title"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title
