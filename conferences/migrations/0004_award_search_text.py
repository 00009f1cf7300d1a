"""Conferences are found by their award recipients (diacritics ignored): each award's folded recipient."""

from django.db import migrations, models

from core.text import fold


def fill_search_text(apps, schema_editor):
    Award = apps.get_model("conferences", "Award")
    awards = list(Award.objects.only("recipient", "organisation"))
    for award in awards:
        award.search_text = fold(f"{award.recipient} {award.organisation}")
    Award.objects.bulk_update(awards, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0003_participant_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
