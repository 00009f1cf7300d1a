"""Session materials join the private-document store (core.documents) and the outcome report file is
checked by its content: the new columns are filled for the rows already there, from their files when
the file exists."""

import conferences.models
import core.documents
import core.storage
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from pathlib import PurePath

from core.uploads import detect_type


def describe_stored_materials(apps, schema_editor):
    """Name a material after its title (as it was downloaded until now); read size and type from the file."""
    for material in apps.get_model("conferences", "SessionMaterial").objects.filter(original_name=""):
        stored, storage = material.file.name, material.file.storage
        material.original_name = f"{material.title[:240]}{PurePath(stored).suffix.lower()}"
        if storage.exists(stored):
            with storage.open(stored, "rb") as handle:
                kind = detect_type(handle, stored)
            material.size, material.content_type = storage.size(stored), kind.content_type if kind else ""
        material.save(update_fields=["original_name", "size", "content_type"])


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalsessionmaterial',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='historicalsessionmaterial',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='historicalsessionmaterial',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='historicalsessionmaterial',
            name='removed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='historicalsessionmaterial',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AddField(
            model_name='sessionmaterial',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='sessionmaterial',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='sessionmaterial',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='sessionmaterial',
            name='removed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='sessionmaterial',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AlterField(
            model_name='conference',
            name='report_file',
            field=models.FileField(blank=True, upload_to=core.storage.PrivateUploadTo('conferences/reports'), validators=[conferences.models.OutcomeFileValidator()], verbose_name='report file'),
        ),
        migrations.AlterField(
            model_name='historicalconference',
            name='report_file',
            field=models.TextField(blank=True, max_length=100, validators=[conferences.models.OutcomeFileValidator()], verbose_name='report file'),
        ),
        migrations.AlterField(
            model_name='historicalsessionmaterial',
            name='file',
            field=models.TextField(max_length=255, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='sessionmaterial',
            name='file',
            field=models.FileField(max_length=255, upload_to=core.documents.document_upload_to, verbose_name='file'),
        ),
        migrations.RunPython(describe_stored_materials, migrations.RunPython.noop),
    ]
