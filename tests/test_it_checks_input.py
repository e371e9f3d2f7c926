"""One way to check input: every path that writes the same field refuses the same input with
the same message, the limit is the model field's, and a refusal is shown where it is typed."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ijkpunten.models import Groep
from tests.personas import login
from tests.scanhulp import autosave, item
from zelfscan.models import Ambitie, Antwoord, Statusovergang, Zelfscan

pytestmark = pytest.mark.django_db

TE_LANG = "De toelichting is 5001 tekens; er passen er hoogstens 5000."


def deel_url(world, deel):
    return reverse("zelfscan:scan_deel", kwargs={"pk": world.scan_a.pk, "deel": deel})


def test_the_autosave_the_page_and_the_import_refuse_a_long_explanation_alike(ib, world, tmp_path):
    i = item("insp-1")
    response = autosave(ib, world.scan_a, ident=i.pk, score="3", toelichting="x" * 5001)
    assert (response.status_code, response.json()["bericht"]) == (400, TE_LANG)
    page = ib.post(deel_url(world, "ijkpunt-4"), {
        f"score-{i.pk}": "3", f"toelichting-{i.pk}": "x" * 5001, f"versie-{i.pk}": "0",
    })  # fmt: skip
    assert page.status_code == 400 and TE_LANG in page.content.decode()
    bestand = tmp_path / "antwoorden.csv"
    bestand.write_text(
        f"onderdeel;item;versie;score;toelichting\nijkpunt-4;insp-1;0;3;{'x' * 5001}\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("importeer_antwoorden", world.scan_a.pk, str(bestand), "--door", "ib_a")
    assert f"regel 2: {TE_LANG}" in str(error.value)
    assert not Antwoord.objects.filter(scan=world.scan_a).exists()
    # The page's input says the same limit, taken from the form (and so from the model).
    pages = [ib.get(deel_url(world, f"ijkpunt-{n}")).content.decode() for n in range(1, 14)]
    assert sum(html.count('maxlength="5000" data-veld="toelichting"') for html in pages) == 157


def test_a_refused_ambition_on_the_page_is_shown_and_does_not_touch_an_explanation(ib, world):
    """Found in the move: the page's ambition note was sent as toelichting-<theme id>, the
    name of an item's explanation with the same id, and a refused ambition was never shown."""
    thema = Groep.objects.get(normkader__code="anb-2024", code="thema-3")
    assert autosave(ib, world.scan_a, soort="ambitie", ident=thema.pk, niveau="basisnorm",
                    expertise="zoekt", toelichting="eerst").status_code == 200  # fmt: skip
    response = ib.post(deel_url(world, "thema-3"), {
        f"niveau-{thema.pk}": "streefnorm", f"expertise-{thema.pk}": "zoekt",
        f"ambitietoelichting-{thema.pk}": "later", f"ambitieversie-{thema.pk}": "0",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Dit is intussen gewijzigd, door iemand anders of door u" in response.content.decode()
    ambitie = Ambitie.objects.get(scan=world.scan_a, thema=thema)
    assert (ambitie.niveau, ambitie.toelichting, ambitie.versie) == ("basisnorm", "eerst", 1)
    response = ib.post(deel_url(world, "thema-3"), {
        f"niveau-{thema.pk}": "streefnorm", f"expertise-{thema.pk}": "zoekt",
        f"ambitietoelichting-{thema.pk}": "later", f"ambitieversie-{thema.pk}": "1",
    })  # fmt: skip
    assert response.status_code == 302
    ambitie.refresh_from_db()
    assert (ambitie.niveau, ambitie.toelichting, ambitie.versie) == ("streefnorm", "later", 2)


def test_a_reason_is_held_to_its_field_like_every_other_text(world):
    """Before: a reason of any length was stored (the model had no limit, the page's 5000 was
    typed into the template)."""
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="ingediend")
    bestuur = Client()
    login(bestuur, world.personas["bestuur_user_a"])
    url = reverse("zelfscan:scan_overgang", kwargs={"pk": world.scan_a.pk})
    response = bestuur.post(url, {"naar": "concept", "reden": "r" * 5001})
    assert response.status_code == 400
    assert "De reden is 5001 tekens; er passen er hoogstens 5000." in response.content.decode()
    assert not Statusovergang.objects.exists()
    assert bestuur.post(url, {"naar": "onzin", "reden": "r"}).status_code == 404
    assert bestuur.post(url, {"naar": "concept", "reden": "  Graag aanvullen "}).status_code == 302
    assert Statusovergang.objects.get().reden == "Graag aanvullen"


def test_a_comment_names_its_limit_and_an_empty_one_is_asked_for(world):
    Zelfscan.objects.filter(pk=world.scan_a.pk).update(status="ingediend")
    consulent = Client()
    login(consulent, world.personas["bestuur_user_a"])
    url = reverse("zelfscan:scan_opmerking", kwargs={"pk": world.scan_a.pk, "deel": "ijkpunt-1"})
    te_lang = consulent.post(url, {"tekst": "o" * 5001}, headers={"HX-Request": "true"})
    assert "De opmerking is 5001 tekens; er passen er hoogstens 5000." in te_lang.content.decode()
    leeg = consulent.post(url, {"tekst": "  "}, headers={"HX-Request": "true"})
    assert "Vul de opmerking in." in leeg.content.decode()
