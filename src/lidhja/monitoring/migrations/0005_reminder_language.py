from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_obligation_via"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reminder", name="reminder_once"),
        # The reminders queued before were all written in Albanian.
        migrations.AddField(
            model_name="reminder",
            name="language",
            field=models.CharField(default="sq", max_length=8, verbose_name="language"),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                fields=("period", "organisation", "kind", "language"), name="reminder_once"
            ),
        ),
    ]
