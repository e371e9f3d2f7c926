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


def test_scan_data_in_the_admin_is_scoped_and_history_read_only(admin_client, world, client):
    from tests.personas import login
    from zelfscan.models import Historie

    for name in ("scanronde", "zelfscan", "historie", "statusovergang"):
        assert admin_client.get(reverse(f"admin:zelfscan_{name}_changelist")).status_code == 200
    h = Historie.objects.create(
        scan=world.scan_a, onderwerp="item:1", veld="score", bron="autosave"
    )
    url = reverse("admin:zelfscan_historie_change", args=[h.pk])
    assert admin_client.post(url, {"nieuw": "vervalst"}).status_code == 403
    # A staff member who is only the beheerder of the other SWV sees none of SWV 1's scans.
    other = world.personas["beheerder_other"]
    other.is_staff = True
    other.save(update_fields=["is_staff"])
    from django.contrib.auth.models import Permission

    other.user_permissions.add(*Permission.objects.filter(codename__in=["view_zelfscan"]))
    login(client, other)
    response = client.get(reverse("admin:zelfscan_zelfscan_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
