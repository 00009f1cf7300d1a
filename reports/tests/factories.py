import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plans.tests.factories import PlanFactory
from reports.models import ProgressReport, ReportingPeriod

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="bien-ban.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """The first quarter of the plan's year, due ten days after it ends."""

    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    kind = ReportingPeriod.Kind.QUARTER
    label = factory.Sequence(lambda n: f"Kỳ báo cáo {n}")
    start = factory.LazyAttribute(lambda p: datetime.date(p.plan.year, 1, 1))
    end = factory.LazyAttribute(lambda p: datetime.date(p.plan.year, 3, 31))
    due_date = factory.LazyAttribute(lambda p: p.end + datetime.timedelta(days=10))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A draft by the assignment's unit; pass status=... with the matching dates for other states."""

    class Meta:
        model = ProgressReport

    assignment = None  # required: an Assignment
    period = None  # required: a ReportingPeriod of the assignment's plan
    unit = factory.LazyAttribute(lambda r: r.assignment.unit)
    work_status = "in_progress"
    progress = 40
    results = "Đã tổ chức 02 cuộc họp với đối tác."


def submitted_report(assignment, period, *, by=None, at=None, **fields):
    at = at or timezone.now()
    return ProgressReportFactory(
        assignment=assignment, period=period, status=ProgressReport.Status.SUBMITTED,
        first_submitted_at=at, submitted_at=at, submitted_by=by, **fields,
    )
