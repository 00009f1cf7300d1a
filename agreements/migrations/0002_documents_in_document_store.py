"""Instrument and certificate documents join the private-document store (core.documents): the new
columns are filled for the rows already there, from their files when the file exists."""

import core.documents
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from pathlib import PurePath

from core.uploads import detect_type


def describe_stored_files(apps, schema_editor):
    """Name a document after its title (as it was downloaded until now); read size and type from the file."""
    for name in ("AgreementDocument", "CoverageDocument"):
        for document in apps.get_model("agreements", name).objects.filter(original_name=""):
            document.original_name = f"{document.title[:240]}{PurePath(document.file.name).suffix.lower()}"
            storage = document.file.storage
            if storage.exists(document.file.name):
                document.size = storage.size(document.file.name)
                with storage.open(document.file.name, "rb") as handle:
                    found = detect_type(handle, document.file.name)
                document.content_type = found.content_type if found else ""
            document.save(update_fields=["original_name", "size", "content_type"])


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='agreementdocument',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='agreementdocument',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='agreementdocument',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='agreementdocument',
            name='removed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='agreementdocument',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AddField(
            model_name='coveragedocument',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='coveragedocument',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='coveragedocument',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='coveragedocument',
            name='removed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='coveragedocument',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AddField(
            model_name='historicalagreementdocument',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='historicalagreementdocument',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='historicalagreementdocument',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='historicalagreementdocument',
            name='removed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='historicalagreementdocument',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AddField(
            model_name='historicalcoveragedocument',
            name='content_type',
            field=models.CharField(blank=True, max_length=100, verbose_name='type'),
        ),
        migrations.AddField(
            model_name='historicalcoveragedocument',
            name='original_name',
            field=models.CharField(blank=True, max_length=255, verbose_name='file name'),
        ),
        migrations.AddField(
            model_name='historicalcoveragedocument',
            name='removed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='removed at'),
        ),
        migrations.AddField(
            model_name='historicalcoveragedocument',
            name='removed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by'),
        ),
        migrations.AddField(
            model_name='historicalcoveragedocument',
            name='size',
            field=models.PositiveBigIntegerField(default=0, verbose_name='size (bytes)'),
        ),
        migrations.AlterField(
            model_name='agreementdocument',
            name='file',
            field=models.FileField(max_length=255, upload_to=core.documents.document_upload_to, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='agreementdocument',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AlterField(
            model_name='coveragedocument',
            name='file',
            field=models.FileField(max_length=255, upload_to=core.documents.document_upload_to, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='coveragedocument',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AlterField(
            model_name='historicalagreementdocument',
            name='file',
            field=models.TextField(max_length=255, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='historicalcoveragedocument',
            name='file',
            field=models.TextField(max_length=255, verbose_name='file'),
        ),
        migrations.RunPython(describe_stored_files, migrations.RunPython.noop),
    ]
