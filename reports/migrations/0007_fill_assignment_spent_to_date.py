"""Fill Assignment.spent_to_date from the reports approved so far (as reports.services.assignments_refresh_spending)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Assignment = apps.get_model("plans", "Assignment")
    ProgressReport = apps.get_model("reports", "ProgressReport")
    latest = (
        ProgressReport.objects.filter(assignment=OuterRef("pk"), status="approved")
        .order_by("-period__end", "-reviewed_at", "-pk").values("amount_spent")[:1]
    )
    Assignment.objects.order_by().update(spent_to_date=Coalesce(Subquery(latest), 0))


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0009_assignment_spent_to_date"),
        ("reports", "0006_progressreport_unit_news_index"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
