from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def soort_van_school(apps, schema_editor):
    """Existing scans were made for the kind their school has now (no kind ever changed
    without this field existing, so the school's kind is the best record there is)."""
    Zelfscan = apps.get_model("zelfscan", "Zelfscan")
    School = apps.get_model("zelfscan", "School")
    Zelfscan.objects.update(
        soort=Subquery(School.objects.filter(pk=OuterRef("school_id")).values("soort")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("zelfscan", "0005_gesprek_ontwikkelplan")]

    operations = [
        migrations.AddField(
            model_name="zelfscan",
            name="soort",
            field=models.CharField(
                choices=[
                    ("bao", "basisonderwijs"),
                    ("sbo", "speciaal basisonderwijs"),
                    ("so", "speciaal onderwijs"),
                    ("vo", "voortgezet onderwijs"),
                ],
                default="",
                max_length=3,
                verbose_name="soort school",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(soort_van_school, migrations.RunPython.noop),
    ]
