"""Every free text about a person is sealed: the source detail of a case, a referral's partner
authority and reason for declining, a permit's reference and the basis of an erasure move into
sealed columns bound to their row; export purposes get a table of their own, sealed too.

Existing values are sealed with the current key of the keyring (only read when there is
something to seal, so an empty database needs no keyring to migrate)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (model, plain column, sealed column, context prefix)
MOVED = [
    ("case", "source_detail", "sealed_source_detail", "case"),
    ("referral", "partner_authority", "sealed_partner_authority", "referral"),
    ("referral", "decline_reason", "sealed_decline_reason", "referral"),
    ("staypermit", "reference", "sealed_reference", "staypermit"),
    ("person", "erasure_basis", "sealed_erasure_basis", "person"),
]


def give_uuids(apps, schema_editor):
    for name in ("Case", "StayPermit"):
        model = apps.get_model("cases", name)
        for row in model.objects.filter(uuid__isnull=True).only("pk"):
            model.objects.filter(pk=row.pk).update(uuid=uuid.uuid4())


def seal_existing(apps, schema_editor):
    from lidhja.cases.domain import crypto

    for model_name, plain, sealed, prefix in MOVED:
        model = apps.get_model("cases", model_name)
        rows = model.objects.exclude(**{plain: ""}).only("pk", "uuid", plain)
        for row in rows.iterator():
            text = getattr(row, plain).strip()
            if text:
                token = crypto.seal_text(text, f"{prefix}:{row.uuid}")
                model.objects.filter(pk=row.pk).update(**{sealed: token})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="staypermit",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        *[
            migrations.AddField(
                model_name=model_name,
                name=sealed,
                field=models.BinaryField(editable=False, null=True),
            )
            for model_name, _plain, sealed, _prefix in MOVED
        ],
        migrations.RunPython(give_uuids, migrations.RunPython.noop),
        migrations.RunPython(seal_existing),
        migrations.AlterField(
            model_name="case",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="staypermit",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        *[
            migrations.RemoveField(model_name=model_name, name=plain)
            for model_name, plain, _sealed, _prefix in MOVED
        ],
        migrations.CreateModel(
            name="CaseExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("exported_at", models.DateTimeField()),
                ("sealed_purpose", models.BinaryField(editable=False, null=True)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="exports",
                        to="cases.case",
                    ),
                ),
                (
                    "exported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-exported_at", "-id"]},
        ),
    ]
