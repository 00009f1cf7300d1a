import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from discussions.models import Post

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="cong-van.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class PostFactory(factory.django.DjangoModelFactory):
    """A post written straight to the database (no notice is sent): for lists and counts."""

    class Meta:
        model = Post

    task = None  # required
    author = None  # required
    text = factory.Sequence(lambda n: f"Ý kiến số {n} về nhiệm vụ")
