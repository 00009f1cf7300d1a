"""Participants can be searched (diacritics ignored): their folded name, position and organisation."""

from django.db import migrations, models

from core.text import fold


def fill_search_text(apps, schema_editor):
    Participant = apps.get_model("conferences", "Participant")
    batch = []
    for participant in Participant.objects.only("name", "position", "organisation").iterator(chunk_size=2000):
        participant.search_text = fold(f"{participant.name} {participant.position} {participant.organisation}")
        batch.append(participant)
        if len(batch) == 2000:
            Participant.objects.bulk_update(batch, ["search_text"])
            batch = []
    Participant.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0002_materials_in_document_store'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='search_text',
            field=models.TextField(default='', editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
