"""A test revision of the norm (issue 18): ANB 2024 as a norm file, changed in ijkpunt 2 the
ways a real revision changes a norm."""

import datetime

import yaml

from ijkpunten.models import Item, Normkader
from ijkpunten.normbestand import schrijf
from tests.bewijshulp import pdf_bytes, upload
from tests.scanhulp import fill_all
from zelfscan.models import Antwoord, Ontwikkelpunt, Scanronde, Zelfscan
from zelfscan.resultaten import samenvatting
from zelfscan.scans import bewijs
from zelfscan.scans.workflow import open_round

REDEN_SPLITSING = "Beleid en uitvoering worden apart gescoord."
REDEN_SAMENVOEGING = "Het SOP en het schoolplan zijn één document geworden."


def als_data(code="anb-2024") -> dict:
    return yaml.safe_load(schrijf(Normkader.objects.get(code=code)))


def herzien(data: dict) -> dict:
    """In ijkpunt 2: insp-1 reworded, insp-2 split into insp-2a and insp-2b, insp-3 and insp-4
    merged into insp-34, insp-8 new, insp-7 removed; ijkpunt 1 coded ijkpunt-1b. The rest is
    unchanged."""
    data = {**data, "code": "anb-2026", "naam": "Almeerse Norm Basisondersteuning 2026 (test)"}
    groep = next(g for g in data["groepen"] if g["code"] == "ijkpunt-2")
    items = {i["code"]: i for i in groep["items"]}
    items["insp-1"] = {**items["insp-1"], "tekst": "De school biedt actuele, gedocumenteerde "
                       "onderwijszorg."}  # fmt: skip
    twee = items.pop("insp-2")
    items["insp-2a"] = {**twee, "code": "insp-2a", "tekst": "Het beleid: " + twee["tekst"]}
    items["insp-2b"] = {**twee, "code": "insp-2b", "volgorde": 40,
                        "tekst": "De uitvoering: " + twee["tekst"]}  # fmt: skip
    drie, vier = items.pop("insp-3"), items.pop("insp-4")
    items["insp-34"] = {**drie, "code": "insp-34",
                        "tekst": drie["tekst"] + " " + vier["tekst"]}  # fmt: skip
    items.pop("insp-7")
    nieuw = "De school evalueert de ondersteuning jaarlijks met ouders."
    items["insp-8"] = {**drie, "code": "insp-8", "volgorde": 41, "tekst": nieuw}
    groep["items"] = list(items.values())
    # Ijkpunt 1 gets another code and keeps its name: it continues, found by its name.
    for g in data["groepen"]:
        if g["code"] == "ijkpunt-1":
            g["code"] = "ijkpunt-1b"
        g["gedeelde_items"] = [c.replace("ijkpunt-1/", "ijkpunt-1b/")
                               for c in g.get("gedeelde_items", [])]  # fmt: skip
    return data


def als_bestand(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def item_van(code: str, versie="anb-2026", groep="ijkpunt-2") -> Item:
    return Item.objects.get(groep__normkader__code=versie, groep__code=groep, code=code)


def laad_herziening() -> Normkader:
    """The test revision loaded, its concordantie settled by hand, established: as the SWV
    does it on "Versies van de norm" (tests/test_normversies.py does it through the pages)."""
    from ijkpunten import concordantie
    from ijkpunten.normbestand import lees
    from ijkpunten.services import establish_normkader

    oud = Normkader.objects.get(code="anb-2024")
    nieuw = lees(als_bestand(herzien(als_data())), afgeleid_van=oud)

    def leg_vast(oud_code, nieuw_codes, toelichting=""):
        concordantie.leg_vast(
            normkader=nieuw, soort="item",
            oud=item_van(oud_code, "anb-2024").pk if oud_code else None,
            nieuw=[item_van(c).pk for c in nieuw_codes], toelichting=toelichting,
        )  # fmt: skip

    leg_vast("insp-2", ["insp-2a", "insp-2b"], REDEN_SPLITSING)
    leg_vast("insp-3", ["insp-34"], REDEN_SAMENVOEGING)
    leg_vast("insp-4", ["insp-34"], REDEN_SAMENVOEGING)
    leg_vast("insp-7", [])
    leg_vast(None, ["insp-8"], "Nieuw in 2026.")
    return establish_normkader(normkader=nieuw)


# Scores of school A in ijkpunt 2 in the first two rounds (the rest is 3).
EERSTE = {"insp-1": 2, "insp-2": 2, "insp-3": 2, "insp-4": 2}
TWEEDE = {"insp-1": 1, "insp-2": 2, "insp-3": 4, "insp-4": 2}


def _ronde(world, schooljaar, versie):
    ronde = open_round(
        swv=world.swv1, schooljaar=schooljaar, normkader=Normkader.objects.get(code=versie),
        onderdelen=list(Scanronde.Onderdeel.values), deadline=datetime.date(2027, 6, 30),
        door=world.personas["beheerder_a"],
    )  # fmt: skip
    return ronde.scans.get(school=world.school_a)


def _vul(scan, scores):
    fill_all(scan, score=3)
    for code, score in scores.items():
        Antwoord.objects.filter(scan=scan, item=item_van(code, "anb-2024")).update(score=score)
    samenvatting.herbereken(scan=scan)
    Zelfscan.objects.filter(pk=scan.pk).update(status="afgerond")


def drie_rondes_van(world):
    """2024-2025 and 2025-2026 on ANB 2024, 2026-2027 on the revision; a development point
    and a piece of evidence on insp-2 in the second round."""
    Scanronde.objects.filter(pk=world.ronde.pk).update(schooljaar="2024-2025")
    eerste = world.scan_a
    _vul(eerste, EERSTE)
    tweede = _ronde(world, "2025-2026", "anb-2024")
    assert tweede.vorige_id == eerste.pk
    _vul(tweede, TWEEDE)
    punt = Ontwikkelpunt.objects.create(
        school=world.school_a, scan=tweede, item=item_van("insp-2", "anb-2024"),
        titel="Zorgbeleid op orde", doel="doel", acties="acties", eigenaar="IB",
        deadline=datetime.date(2027, 3, 1),
    )  # fmt: skip
    Zelfscan.objects.filter(pk=tweede.pk).update(status="concept")
    stuk = bewijs.voeg_bestand_toe(
        scan=Zelfscan.objects.get(pk=tweede.pk), item_id=item_van("insp-2", "anb-2024").pk,
        door=world.personas["school_user_a"], upload=upload("zorgplan.pdf", pdf_bytes()),
        titel="Zorgplan",
    )  # fmt: skip
    Zelfscan.objects.filter(pk=tweede.pk).update(status="afgerond")
    laad_herziening()
    derde = _ronde(world, "2026-2027", "anb-2026")
    assert derde.vorige_id == tweede.pk
    return eerste, tweede, derde, punt, stuk
