from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="services",
            field=models.JSONField(blank=True, default=list, verbose_name="services provided"),
        ),
    ]
