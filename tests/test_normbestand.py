"""A norm from a file (issue 18, part 1): the layout a version is downloaded in loads back as
the same version, row for row; a bad file is refused whole, with a Dutch message per error."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from ijkpunten.models import Domein, Groep, Item, Normkader, Risicosignaal
from ijkpunten.normbestand import SECTIES, NormbestandFout, lees
from tests.normhulp import als_bestand, als_data

pytestmark = pytest.mark.django_db

SECTIE_MODELLEN = [model for model, _sleutel in SECTIES.values()]
assert len(SECTIE_MODELLEN) == 9  # every model numbered under a version


def _rijen(code: str) -> dict:
    """Everything of a version without ids, comparable across versions."""
    nk = Normkader.objects.get(code=code)
    kop = model_to_dict(nk, exclude=["id", "code", "naam", "status", "vastgesteld_op",
                                     "afgeleid_van"])  # fmt: skip
    uit = {"kop": kop}
    for model in SECTIE_MODELLEN:
        uit[model.__name__] = sorted(
            (tuple(sorted(model_to_dict(r, exclude=["id", "normkader"]).items()))
             for r in model.objects.filter(normkader=nk)), key=repr,
        )  # fmt: skip
    domein = {d.pk: d.nummer for d in Domein.objects.filter(normkader=nk)}
    uit["groepen"] = sorted(
        (g.code, g.soort, g.nummer, g.naam, g.omschrijving, g.standaard, g.toelichting,
         domein.get(g.domein_id), g.herkomst, g.sector,
         tuple(sorted(f"{i.groep.code}/{i.code}" for i in g.gedeelde_items.all())))
        for g in Groep.objects.filter(normkader=nk)
    )  # fmt: skip
    uit["items"] = sorted(
        (i.groep.code, *sorted(model_to_dict(i, exclude=["id", "groep"]).items()))
        for i in Item.objects.filter(groep__normkader=nk).select_related("groep")
    )
    uit["signalen"] = sorted(
        (s.groep.code, s.volgorde, s.tekst)
        for s in Risicosignaal.objects.filter(groep__normkader=nk).select_related("groep")
    )
    return uit


def test_a_downloaded_version_loads_back_as_the_same_version(normkader):
    uit = io.StringIO()
    call_command("normkader_bestand", "anb-2024", stdout=uit)
    data = yaml.safe_load(uit.getvalue())
    assert len(data["groepen"]) == 31
    assert sum(len(g["items"]) for g in data["groepen"]) == 282
    data["code"], data["naam"] = "anb-kopie", "Kopie uit een bestand"
    nieuw = lees(als_bestand(data))
    assert nieuw.status == "concept" and nieuw.afgeleid_van is None
    fixture, geladen = _rijen("anb-2024"), _rijen("anb-kopie")
    for deel in fixture:
        assert geladen[deel] == fixture[deel], deel
    assert len(geladen["items"]) == 282 and len(geladen["signalen"]) == 33


def test_the_command_loads_a_file_derived_from_a_version(normkader, tmp_path):
    data = als_data()
    data["code"], data["naam"] = "anb-2026", "ANB 2026"
    bestand = tmp_path / "anb-2026.yaml"
    bestand.write_bytes(als_bestand(data))
    uit = io.StringIO()
    call_command("normkader_laden", str(bestand), "--afgeleid-van", "anb-2024", stdout=uit)
    assert "Normkader 'anb-2026' geladen als concept (31 groepen, 282 items)." in uit.getvalue()
    assert "Concordantie met 'anb-2024': nog 0 open." in uit.getvalue()


def _zonder(pad):
    def verander(data):
        doel = data
        for stap in pad[:-1]:
            doel = doel[stap]
        del doel[pad[-1]]

    return verander


def _zet(pad, waarde):
    def verander(data):
        doel = data
        for stap in pad[:-1]:
            doel = doel[stap]
        doel[pad[-1]] = waarde

    return verander


def _dubbel_item(data):
    items = data["groepen"][0]["items"]
    items.append(dict(items[0]))


def _gedeeld_onbekend(data):
    data["groepen"][1]["gedeelde_items"] = ["ijkpunt-1/bestaat-niet"]


def _bestand(verander):
    data = als_data()
    data["code"] = "anb-fout"
    verander(data)
    return als_bestand(data)


# (what is wrong, the file, the Dutch message it must give)
SLECHTE_BESTANDEN = [
    ("latin-1", lambda: "code: anb-fout\nnaam: Één norm\n".encode("latin-1"),
     "Het bestand is geen UTF-8-tekst (byte 22)."),
    ("NUL", lambda: b"code: anb-fout\x00\n", "Het bestand bevat NUL-tekens"),
    ("syntax", lambda: b"code: anb-fout\nnaam: [open\n",
     "regel 3, kolom 1: dit is geen geldige YAML."),
    ("alias", lambda: b"a: &x [1, 2]\nb: [*x, *x]\n",
     "regel 2, kolom 5: YAML-verwijzingen (*naam) worden niet aanvaard."),
    ("geen mapping", lambda: b"- code: anb-fout\n",
     "Het bestand moet beginnen met de velden van de versie"),
    ("bestaande code", lambda: _bestand(_zet(["code"], "anb-2024")),
     "versie: er bestaat al een versie met code anb-2024."),
    ("onbekend veld", lambda: _bestand(_zet(["groepen", 0, "items", 0, "tekts"], "x")),
     "groep 1 (aspect-1), item 1 (1): onbekend veld of onbekende velden: tekts."),
    ("lege tekst", lambda: _bestand(_zet(["groepen", 0, "items", 0, "tekst"], "")),
     "groep 1 (aspect-1), item 1 (1): veld ‘tekst’: Dit veld kan niet leeg zijn"),
    ("dubbele itemcode", lambda: _bestand(_dubbel_item),
     "groep 1 (aspect-1): itemcode 1 komt meer dan eens voor."),
    ("onbekende soort", lambda: _bestand(_zet(["groepen", 0, "soort"], "hoofdstuk")),
     "groep 1 (aspect-1): veld ‘soort’: Waarde 'hoofdstuk' is geen geldige keuze."),
    ("onbekend domein", lambda: _bestand(_zet(["groepen", 0, "domein"], 9)),
     "groep 1 (aspect-1): domein 9 staat niet onder ‘domeinen’."),
    ("gedeeld item", lambda: _bestand(_gedeeld_onbekend),
     "gedeeld item ijkpunt-1/bestaat-niet is geen item van dit bestand"),
    ("schaal", lambda: _bestand(lambda d: d["schaal"].pop()),
     "schaal: de schaal moet de waarden 1, 2, 3 en 4 elk één keer hebben."),
    ("soort waarde", lambda: _bestand(_zet(["groepen", 0, "items", 0, "alleen_sbo"], "ja")),
     "veld ‘alleen_sbo’ heeft een waarde van de verkeerde soort (ja)."),
    ("geen groepen", lambda: _bestand(_zonder(["groepen"])),
     "Het onderdeel ‘groepen’ ontbreekt of is leeg."),
    ("te groot", lambda: b"code: anb-fout\n" + b"#" * (2 * 1024 * 1024),
     "Het bestand is groter dan 2 MB."),
]  # fmt: skip


@pytest.mark.parametrize(("inhoud", "bericht"), [(b, m) for _n, b, m in SLECHTE_BESTANDEN],
                         ids=[n for n, _b, _m in SLECHTE_BESTANDEN])  # fmt: skip
def test_a_bad_file_is_refused_with_its_message_and_nothing_is_loaded(normkader, inhoud, bericht):
    voor = (Normkader.objects.count(), Item.objects.count(), Groep.objects.count())
    with pytest.raises(NormbestandFout) as fout:
        lees(inhoud())
    assert any(bericht in f for f in fout.value.fouten), fout.value.fouten
    assert (Normkader.objects.count(), Item.objects.count(), Groep.objects.count()) == voor


def test_every_error_of_a_file_is_named_at_once(normkader):
    def twee_fouten(data):
        data["groepen"][0]["items"][0]["tekst"] = ""
        data["groepen"][2]["domein"] = 7

    with pytest.raises(NormbestandFout) as fout:
        lees(_bestand(twee_fouten))
    assert len(fout.value.fouten) == 2


def test_the_command_refuses_a_bad_file_in_dutch(normkader, tmp_path):
    bestand = tmp_path / "fout.yaml"
    bestand.write_bytes(b"- 1\n")
    with pytest.raises(CommandError, match="Niets geladen:\nHet bestand moet beginnen"):
        call_command("normkader_laden", str(bestand))
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("normkader_laden", str(tmp_path / "weg.yaml"))
    assert Normkader.objects.count() == 1


# --- the same as a workbook


def _werkmap(tmp_path, verander=None) -> bytes:
    """ANB 2024 downloaded as XLSX (by the command), its code changed on the sheet "versie",
    then ``verander(workbook)`` as a person edits it, saved again."""
    from openpyxl import load_workbook

    pad = tmp_path / "anb.xlsx"
    call_command("normkader_bestand", "anb-2024", "--xlsx", str(pad), stdout=io.StringIO())
    boek = load_workbook(pad)
    for rij in boek["versie"].iter_rows(min_row=2):
        if rij[0].value == "code":
            rij[1].value = "anb-xlsx"
    if verander:
        verander(boek)
    boek.save(pad)
    return pad.read_bytes()


def test_a_downloaded_workbook_loads_back_as_the_same_version(normkader, tmp_path):
    nieuw = lees(_werkmap(tmp_path))
    fixture, geladen = _rijen("anb-2024"), _rijen(nieuw.code)
    for deel in fixture:
        assert geladen[deel] == fixture[deel], deel


def test_a_workbook_as_a_spreadsheet_program_leaves_it_loads(normkader, tmp_path):
    """Codes typed as numbers, a text that looks like a formula: read as the texts they are."""

    def bewerk(boek):
        items = boek["items"]
        kop = [c.value for c in items[1]]
        eerste = items[2]
        eerste[kop.index("code")].value = 7
        eerste[kop.index("tekst")].value = "=1+1 is geen formule hier"
        eerste[kop.index("tekst")].data_type = "s"

    nieuw = lees(_werkmap(tmp_path, bewerk))
    item = Item.objects.get(groep__normkader=nieuw, code="7")
    assert item.tekst == "=1+1 is geen formule hier"


def _zonder_blad(naam):
    def bewerk(boek):
        del boek[naam]

    return bewerk


def _item_van_onbekende_groep(boek):
    boek["items"]["A2"].value = "bestaat-niet"


def _lege_tekst(boek):
    kop = [c.value for c in boek["items"][1]]
    boek["items"].cell(row=2, column=kop.index("tekst") + 1).value = None


@pytest.mark.parametrize(("verander", "bericht"), [
    (_zonder_blad("items"), "Het blad ‘items’ ontbreekt."),
    (_item_van_onbekende_groep,
     "blad items, rij 2: de groep staat niet op het blad ‘groepen’."),
    (_lege_tekst, "groep 1 (aspect-1), item 1 (1): veld ‘tekst’: Dit veld kan niet leeg zijn"),
], ids=["zonder blad", "onbekende groep", "lege tekst"])  # fmt: skip
def test_a_bad_workbook_is_refused_with_its_message(normkader, tmp_path, verander, bericht):
    inhoud = _werkmap(tmp_path, verander)
    with pytest.raises(NormbestandFout) as fout:
        lees(inhoud)
    assert any(bericht in f for f in fout.value.fouten), fout.value.fouten
    assert Normkader.objects.count() == 1


def test_a_zip_that_is_no_workbook_is_refused(normkader):
    import zipfile

    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(NormbestandFout, match="geen XLSX-bestand"):
        lees(uit.getvalue())
