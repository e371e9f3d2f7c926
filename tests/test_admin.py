"""The admin covers every model of the norm, searchable; a vastgesteld norm is read-only there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from ijkpunten.models import Groep, Item, Normkader

pytestmark = pytest.mark.django_db

MODELS = list(apps.get_app_config("ijkpunten").get_models())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_every_model_has_a_searchable_changelist(admin_client, model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    url = reverse(f"admin:ijkpunten_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "school"}).status_code == 200


def test_search_finds_an_item_by_its_text(admin_client):
    response = admin_client.get(reverse("admin:ijkpunten_item_changelist"), {"q": "(G)MR stemt in"})
    assert response.context["cl"].result_count == 1


def test_a_vastgesteld_norm_cannot_be_changed_in_the_admin(admin_client, normkader):
    item = Item.objects.get(groep__normkader=normkader, groep__code="ijkpunt-1", code="insp-1")
    url = reverse("admin:ijkpunten_item_change", args=[item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'type="submit" value="Opslaan"' not in page.content.decode()
    response = admin_client.post(
        url, {"tekst": "Gewijzigd.", "code": "insp-1", "volgorde": 1, "bron": "inspectie"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.tekst == "De school biedt gedocumenteerde onderwijszorg."
    groep_url = reverse(
        "admin:ijkpunten_groep_delete",
        args=[Groep.objects.get(normkader=normkader, code="ijkpunt-1").pk],
    )
    assert admin_client.post(groep_url, {"post": "yes"}).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:ijkpunten_normkader_delete", args=[normkader.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_a_concept_norm_can_be_edited_and_established_in_the_admin(admin_client, normkader):
    concept = Normkader.objects.create(code="anb-2026", naam="ANB 2026", status="concept")
    change = reverse("admin:ijkpunten_normkader_change", args=[concept.pk])
    assert 'type="submit" value="Opslaan"' in admin_client.get(change).content.decode()
    response = admin_client.post(
        reverse("admin:ijkpunten_normkader_changelist"),
        {"action": "vaststellen", "_selected_action": [concept.pk]},
        follow=True,
    )
    assert "ANB 2026 is vastgesteld." in response.content.decode()
    concept.refresh_from_db()
    assert concept.is_vastgesteld
