"""Versies van de norm (issue 18, part 1), as the one who keeps the norm uses them: the test
revision loaded from its file, the concordantie proposed, completed by hand, established."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ijkpunten.models import ItemOvergang, Normkader
from tests.normhulp import REDEN_SAMENVOEGING, als_bestand, als_data, herzien, item_van
from tests.personas import login
from zelfscan.models import User

pytestmark = pytest.mark.django_db


def _laad(client, inhoud: bytes, afgeleid_van="anb-2024"):
    return client.post(reverse("normversies:laden"), {
        "bestand": SimpleUploadedFile("anb-2026.yaml", inhoud), "afgeleid_van": afgeleid_van,
    })  # fmt: skip


def _oud(code):
    return item_van(code, "anb-2024").pk


def _nieuw(code):
    return item_van(code).pk


def test_a_revision_from_file_to_established(admin_client, normkader):
    start = admin_client.get(reverse("zelfscan:start")).content.decode()
    assert reverse("normversies:versies") in start  # in the menu of the one who keeps the norm

    antwoord = _laad(admin_client, als_bestand(herzien(als_data())))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("normversies:concordantie", args=["anb-2026"])
    nieuw = Normkader.objects.get(code="anb-2026")
    assert nieuw.status == "concept" and nieuw.afgeleid_van == normkader

    url = reverse("normversies:concordantie", args=["anb-2026"])
    html = admin_client.get(url).content.decode()
    # Proposed: everything whose code matches (insp-1 reworded). Open: the split, merge,
    # removed and new rows: insp-2, -3, -4, -7 of 2024 and insp-2a, -2b, -34, -8 of 2026.
    assert "8 regels zijn nog niet verantwoord" in html
    assert ItemOvergang.objects.filter(normkader=nieuw).count() == 282 - 4
    assert re.search(r"insp-1 — De school biedt actuele.*?hergeformuleerd", html, re.S)
    for code in ("insp-2", "insp-3", "insp-4", "insp-7"):
        assert reverse("normversies:overgang", args=["anb-2026", "item", _oud(code)]) in html
    for code in ("insp-2a", "insp-2b", "insp-34", "insp-8"):
        assert reverse("normversies:nieuw", args=["anb-2026", "item", _nieuw(code)]) in html

    # Establishing is refused while rows are open, and says which.
    weigering = admin_client.post(reverse("normversies:vaststellen", args=["anb-2026"]),
                                  follow=True).content.decode()  # fmt: skip
    assert "De concordantie is niet compleet: 8 regels hebben nog geen lijn" in weigering
    assert "ijkpunt-2 insp-2" in weigering
    nieuw.refresh_from_db()
    assert nieuw.status == "concept"

    def overgang(code, **data):
        return admin_client.post(
            reverse("normversies:overgang", args=["anb-2026", "item", _oud(code)]), data
        )

    # The form's page shows the rows of the new version to choose from.
    pagina = admin_client.get(
        reverse("normversies:overgang", args=["anb-2026", "item", _oud("insp-2")])
    ).content.decode()
    assert "insp-2a — Het beleid:" in pagina and "<optgroup" in pagina
    assert overgang("insp-2", nieuw=[_nieuw("insp-2a"), _nieuw("insp-2b")],
                    toelichting="Beleid en uitvoering apart.").status_code == 302  # fmt: skip
    assert overgang("insp-3", nieuw=[_nieuw("insp-34")], toelichting=REDEN_SAMENVOEGING)
    assert overgang("insp-4", nieuw=[_nieuw("insp-34")], toelichting=REDEN_SAMENVOEGING)
    # Neither a row nor removed: refused with its message; both: refused too.
    leeg = overgang("insp-7")
    assert leeg.status_code == 400 and "Kies de regels die het werd" in leeg.content.decode()
    beide = overgang("insp-7", nieuw=[_nieuw("insp-8")], vervallen="on")
    assert beide.status_code == 400 and "niet allebei" in beide.content.decode()
    assert overgang("insp-7", vervallen="on").status_code == 302
    # A row already coming from an old row cannot be marked new.
    fout = admin_client.post(
        reverse("normversies:nieuw", args=["anb-2026", "item", _nieuw("insp-34")]), {}
    )
    assert fout.status_code == 400 and "komt al voort uit" in fout.content.decode()
    assert (
        admin_client.post(
            reverse("normversies:nieuw", args=["anb-2026", "item", _nieuw("insp-8")]),
            {"toelichting": "Nieuw."},
        ).status_code
        == 302
    )

    html = admin_client.get(url).content.decode()
    assert "Elke regel is verantwoord." in html
    for relatie in ("gesplitst", "samengevoegd", "vervallen", "nieuw", "hergeformuleerd"):
        assert f">{relatie}</span>" in html, relatie
    klaar = admin_client.post(reverse("normversies:vaststellen", args=["anb-2026"]), follow=True)
    assert "Almeerse Norm Basisondersteuning 2026 (test) is vastgesteld." in klaar.content.decode()
    nieuw.refresh_from_db()
    assert nieuw.status == "vastgesteld"
    # Established: the lines no longer change.
    assert overgang("insp-7", nieuw=[_nieuw("insp-8")]).status_code == 400
    assert ItemOvergang.objects.filter(normkader=nieuw, oud=_oud("insp-7"), nieuw=None).exists()


def test_a_bad_file_on_the_page_names_its_errors_and_loads_nothing(admin_client, normkader):
    data = herzien(als_data())
    data["groepen"][0]["items"][0]["tekst"] = ""
    antwoord = _laad(admin_client, als_bestand(data))
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Er is niets geladen:" in html and "veld ‘tekst’: Dit veld kan niet leeg zijn" in html
    assert not Normkader.objects.filter(code="anb-2026").exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(admin_client, normkader, settings):
    settings.NORMBESTAND_MAX_BYTES = 1000
    antwoord = _laad(admin_client, b"#" * 200_000)
    assert antwoord.status_code == 400 and "groter dan" in antwoord.content.decode()
    assert Normkader.objects.count() == 1


def test_a_copy_is_accounted_for_at_once_and_can_be_established(admin_client, normkader):
    kopie = {"bron": "anb-2024", "code": "anb-2027", "naam": "ANB 2027"}
    antwoord = admin_client.post(reverse("normversies:kopieren"), kopie)
    assert antwoord.status_code == 302
    html = admin_client.get(antwoord["Location"]).content.decode()
    assert "Elke regel is verantwoord." in html and "Geen lijnen." in html
    admin_client.post(reverse("normversies:vaststellen", args=["anb-2027"]))
    assert Normkader.objects.get(code="anb-2027").status == "vastgesteld"
    # The same code twice: refused on the form.
    dubbel = admin_client.post(reverse("normversies:kopieren"),
                               {"bron": "anb-2024", "code": "anb-2027", "naam": "x"})  # fmt: skip
    assert dubbel.status_code == 400 and "Er bestaat al een normkader" in dubbel.content.decode()


def test_the_norm_file_downloads_as_yaml(admin_client, normkader):
    antwoord = admin_client.get(reverse("normversies:normbestand", args=["anb-2024"]))
    assert antwoord["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="anb-2024.yaml"' in antwoord["Content-Disposition"]
    assert b"code: anb-2024" in antwoord.content


URLS = [
    ("get", lambda: reverse("normversies:versies")),
    ("get", lambda: reverse("normversies:normbestand", args=["anb-2024"])),
    ("get", lambda: reverse("normversies:normbestand_xlsx", args=["anb-2024"])),
    ("get", lambda: reverse("normversies:concordantie", args=["anb-2026"])),
    ("post", lambda: reverse("normversies:vaststellen", args=["anb-2026"])),
    ("post", lambda: reverse("normversies:voorstel", args=["anb-2026"])),
    ("post", lambda: reverse("normversies:kopieren")),
    ("post", lambda: reverse("normversies:laden")),
    ("get", lambda: reverse("normversies:overgang", args=["anb-2026", "item", _oud("insp-1")])),
]


@pytest.mark.parametrize("persona", ["beheerder_a", "school_user_a", "bestuur_user_a",
                                     "consulent_a", "staff_zonder_recht"])  # fmt: skip
def test_only_who_keeps_the_norm_sees_its_versions(client, world, persona):
    from ijkpunten.services import copy_normkader

    nieuw = copy_normkader(bron=Normkader.objects.get(code="anb-2024"), code="anb-2026",
                           naam="ANB 2026")  # fmt: skip
    if persona == "staff_zonder_recht":
        user = User.objects.create_user("staf", "staf@example.nl", "x", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_normkader"))
    else:
        user = world.personas[persona]
    login(client, user)
    for methode, url in URLS:
        assert getattr(client, methode)(url()).status_code == 404, url()
    assert (
        reverse("normversies:versies") not in client.get(reverse("zelfscan:start")).content.decode()
    )
    nieuw.refresh_from_db()
    assert nieuw.status == "concept"


def test_a_staff_member_given_the_right_keeps_the_norm(client, world):
    user = User.objects.create_user("normbeheer", "nb@example.nl", "x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_normkader"))
    login(client, user)
    assert client.get(reverse("normversies:versies")).status_code == 200


def test_anonymous_goes_to_login(client, normkader):
    antwoord = client.get(reverse("normversies:versies"))
    assert antwoord.status_code == 302 and "/account/inloggen/" in antwoord["Location"]


def test_ids_out_of_place_are_404_and_a_foreign_row_is_not_a_choice(admin_client, normkader):
    _laad(admin_client, als_bestand(herzien(als_data())))
    # A row of the new version where one of the old is meant, an unknown kind, a version
    # that revises nothing: not found.
    for url in (
        reverse("normversies:overgang", args=["anb-2026", "item", _nieuw("insp-2a")]),
        reverse("normversies:overgang", args=["anb-2026", "ijkpunt", _oud("insp-2")]),
        reverse("normversies:nieuw", args=["anb-2026", "item", _oud("insp-2")]),
        reverse("normversies:concordantie", args=["anb-2024"]),
        reverse("normversies:concordantie", args=["bestaat-niet"]),
    ):
        assert admin_client.get(url).status_code == 404, url
    # A row of the old version offered as what it became: not one of the choices.
    url = reverse("normversies:overgang", args=["anb-2026", "item", _oud("insp-2")])
    antwoord = admin_client.post(url, {"nieuw": [_oud("insp-3")]})
    assert antwoord.status_code == 400 and "geldige keuze" in antwoord.content.decode()
    assert not ItemOvergang.objects.filter(oud=_oud("insp-2")).exists()


def test_the_same_line_sent_twice_is_one_line(admin_client, normkader):
    _laad(admin_client, als_bestand(herzien(als_data())))
    url = reverse("normversies:overgang", args=["anb-2026", "item", _oud("insp-2")])
    data = {"nieuw": [_nieuw("insp-2a"), _nieuw("insp-2b")], "toelichting": "Twee delen."}
    for _keer in range(2):
        assert admin_client.post(url, data).status_code == 302
    lijnen = ItemOvergang.objects.filter(oud=_oud("insp-2"))
    assert sorted(lijnen.values_list("nieuw__code", flat=True)) == ["insp-2a", "insp-2b"]
    # Changed to removed: the two lines make way for one.
    admin_client.post(url, {"vervallen": "on"})
    assert list(lijnen.values_list("nieuw", flat=True)) == [None]


def test_a_renumbered_item_is_proposed_by_its_text_and_an_ambiguous_one_is_left(normkader):
    from ijkpunten.concordantie import Concordantie, Relatie, open_punten
    from ijkpunten.normbestand import lees

    data = als_data()
    data["code"], data["naam"] = "anb-2026", "ANB 2026"
    groep = next(g for g in data["groepen"] if g["code"] == "ijkpunt-2")
    items = {i["code"]: i for i in groep["items"]}
    items["insp-5"]["code"] = "5-nieuw"  # the same text under another code
    # insp-6's text now twice under new codes: which one it became is the SWV's to say.
    items["insp-6"]["code"] = "6a"
    groep["items"].append({**items["insp-6"], "code": "6b", "volgorde": 50})
    nieuw = lees(als_bestand(data), afgeleid_van=normkader)
    c = Concordantie.tussen(normkader.pk, nieuw.pk)
    herkomst = c.item(item_van("5-nieuw").pk)
    assert herkomst.relatie == Relatie.GELIJK and herkomst.bronnen == (_oud("insp-5"),)
    punten = open_punten(nieuw)
    assert [i.code for i in punten.oude_items] == ["insp-6"]
    assert sorted(i.code for i in punten.nieuwe_items) == ["6a", "6b"]


def test_loading_without_a_file_or_with_an_unknown_base_says_which(admin_client, normkader):
    antwoord = admin_client.post(reverse("normversies:laden"), {"afgeleid_van": "bestaat-niet"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Normbestand (YAML of XLSX): Dit veld is verplicht." in html
    assert "Herziet versie: Selecteer een geldige keuze." in html
    assert Normkader.objects.count() == 1
