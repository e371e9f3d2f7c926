"""Loading the norm again changes nothing, and the models match their migrations."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _counts():
    counts = {
        m._meta.label: m.objects.count() for m in apps.get_app_config("ijkpunten").get_models()
    }
    from ijkpunten.models import Groep

    counts["gedeelde_items"] = Groep.gedeelde_items.through.objects.count()
    return counts


def _texts():
    from ijkpunten.models import Item

    return dict(Item.objects.values_list("pk", "tekst"))


def test_loading_the_norm_twice_changes_nothing():
    before, texts = _counts(), _texts()
    assert before["ijkpunten.Item"] == 282
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    call_command("loaddata", "norm_anb_2024", verbosity=0)
    assert _counts() == before
    assert _texts() == texts, "rows are updated in place, keeping their primary keys"


def test_migrations_match_the_models():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
