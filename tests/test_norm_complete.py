"""The loaded norm is complete: every count below was counted by hand in the seed documents."""

import pytest

from ijkpunten.models import (
    CyclusFase,
    Groep,
    HgwPrincipe,
    Item,
    Kaartaspect,
    Ondersteuningsniveau,
    Ontwikkelstap,
    Risicosignaal,
    Schaalwaarde,
)
from tests.seedtext import lines

pytestmark = pytest.mark.django_db

# Per ijkpunt: (inspectie-eisen, referentiekader, Almeerse afspraken, risicosignalen), as in
# 000 §4.1–4.13: one indicator per top-level bullet, also after a lead-in (ijkpunt 2's ten
# bullets after "... leerlingen met:" and fifteen after "... staat beschreven:", as ijkpunt
# 9's); BESLUITEN.md says which readings add to the source's count.
PER_IJKPUNT = {
    1: (2, 5, 2, 3),
    2: (7, 11, 15, 3),
    3: (5, 2, 3, 3),
    4: (4, 2, 2, 6),
    5: (3, 2, 1, 2),
    6: (3, 2, 1, 2),
    7: (5, 4, 0, 1),
    8: (0, 7, 2, 2),
    9: (2, 7, 17, 3),
    10: (2, 5, 1, 2),
    11: (1, 7, 1, 2),
    12: (4, 10, 3, 1),
    13: (1, 5, 1, 3),
}


def test_thirteen_ijkpunten_in_four_domains(normkader):
    ijkpunten = Groep.objects.filter(normkader=normkader, soort=Groep.Soort.IJKPUNT)
    assert ijkpunten.count() == 13
    per_domein = {
        d.naam: sorted(d.groepen.values_list("nummer", flat=True)) for d in normkader.domeinen.all()
    }
    assert per_domein == {
        "Beleid": [1, 2, 3],
        "Onderwijs": [4, 5, 6, 7, 8],
        "Begeleiding": [9, 10, 11],
        "Organisatie": [12, 13],
    }


@pytest.mark.parametrize(("nummer", "expected"), PER_IJKPUNT.items())
def test_indicators_per_source_of_each_ijkpunt(normkader, nummer, expected):
    groep = Groep.objects.get(normkader=normkader, soort=Groep.Soort.IJKPUNT, nummer=nummer)
    bronnen = (Item.Bron.INSPECTIE, Item.Bron.REFERENTIEKADER, Item.Bron.ALMEERSE_AFSPRAKEN)
    counted = (*(groep.items.filter(bron=b).count() for b in bronnen), groep.risicosignalen.count())
    assert counted == expected
    assert groep.items.count() == sum(expected[:3]), "an ijkpunt has no items of other sources"


def test_totals_of_ijkpunt_indicators_and_signals(normkader):
    items = Item.objects.filter(groep__normkader=normkader, groep__soort=Groep.Soort.IJKPUNT)
    assert items.count() == 157
    # By source, across the 13 ijkpunten: 39 inspectie-eisen, 69 referentiekader and 47
    # Almeerse afspraken as 000 lists them, plus the two of ijkpunt 1 that BESLUITEN.md
    # documents (the seven HGW principles and the HGW cycle, read as two indicators).
    per_bron = [items.filter(bron=b).count() for b in ("inspectie", "referentiekader",
                                                         "almeerse_afspraken")]  # fmt: skip
    assert per_bron == [39, 69, 47 + 2]
    assert Risicosignaal.objects.filter(groep__normkader=normkader).count() == 33


def test_each_bullet_after_a_lead_in_is_an_indicator_and_sub_points_stay_with_theirs(normkader):
    ijkpunt2 = Item.objects.filter(groep__normkader=normkader, groep__code="ijkpunt-2")
    refs = ijkpunt2.filter(code__startswith="ref-1.").order_by("volgorde")
    assert refs.count() == 10
    assert {r.inleiding for r in refs} == {
        "De school heeft in haar ondersteuningsprofiel vastgesteld hoe zij tegemoet komt aan de "
        "onderwijsbehoeften van leerlingen met:"
    }
    assert refs[5].tekst == "dyslexie, die conform het dyslexieprotocol begeleid kunnen worden"
    assert not any(r.subpunten for r in refs)
    alms = ijkpunt2.filter(code__startswith="alm-1.").order_by("volgorde")
    assert alms.count() == 15
    assert (
        alms[0].inleiding
        == "In het ondersteuningsplan van het samenwerkingsverband staat beschreven:"
    )
    assert alms[14].tekst == "Beschrijving van het schoolprofiel in de schoolgids."
    assert list(ijkpunt2.order_by("volgorde").values_list("volgorde", flat=True)) == list(
        range(1, 34)
    )
    spec = Item.objects.get(groep__normkader=normkader, groep__code="ijkpunt-9", code="alm-12")
    assert spec.subpunten == [
        "Instructiebehoeften",
        "Opdrachten",
        "Materialen",
        "Aanpassing leeromgeving",
        "Leeractiviteiten",
        "Begeleiding en feedback",
        "Samenwerking met medeleerlingen; omgang en samenwerken",
    ]


def test_twenty_nine_hgw_indicators_in_five_sections(normkader):
    secties = Groep.objects.filter(normkader=normkader, soort=Groep.Soort.HGW_SECTIE)
    assert [s.items.count() for s in secties.order_by("nummer")] == [6, 6, 6, 5, 6]
    assert Item.objects.filter(groep__in=secties, bron=Item.Bron.HGW).count() == 29


def test_twenty_two_inspection_indicators_with_their_codes(normkader):
    items = Item.objects.filter(
        groep__normkader=normkader, groep__soort=Groep.Soort.TOEZICHTKADER
    ).order_by("volgorde")
    assert list(items.values_list("code", flat=True)) == [
        "1.1", "1.2", "1.4", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3", "7.4",
        "8.1", "8.2", "8.3", "8.4", "8.5", "9.1", "9.2", "9.3", "9.4", "9.5", "9.6",
    ]  # fmt: skip
    sbo_only = Item.objects.filter(groep__normkader=normkader, alleen_sbo=True)
    assert sorted(sbo_only.values_list("code", flat=True)) == ["7.3", "7.4"]
    assert all(item.nvt_toegestaan for item in sbo_only)


def test_three_protocols_and_six_themes_each_with_basisnorm_items(normkader):
    protocollen = Groep.objects.filter(normkader=normkader, soort=Groep.Soort.PROTOCOL)
    themas = Groep.objects.filter(normkader=normkader, soort=Groep.Soort.THEMA)
    assert protocollen.count() == 3
    assert themas.count() == 6
    # Own items per theme (areas of 001 as DESIGN.md maps them) and items counted from elsewhere.
    own = {g.code: g.items.count() for g in themas.order_by("nummer")}
    assert own == {
        "thema-1": 6,
        "thema-2": 6,
        "thema-3": 15 + 6,
        "thema-4": 6,
        "thema-5": 5,
        "thema-6": 6,
    }
    shared = {g.code: g.gedeelde_items.count() for g in protocollen.order_by("nummer")}
    assert shared == {
        "protocol-sociale-veiligheid": 9,
        "protocol-medisch-handelen": 0,
        "protocol-meldcode": 4,
    }
    assert Groep.objects.get(normkader=normkader, code="protocol-medisch-handelen").items.count()
    thema4 = Groep.objects.get(normkader=normkader, code="thema-4")
    assert sorted(i.code for i in thema4.gedeelde_items.all()) == ["og8-expertise", "og8-ruimte"]


def test_four_support_levels_and_their_norms(normkader):
    niveaus = Ondersteuningsniveau.objects.filter(normkader=normkader).order_by("nummer")
    assert [(n.nummer, n.norm) for n in niveaus] == [
        (1, "basisnorm"),
        (2, "basisnorm"),
        (3, "streefnorm"),
        (4, "gespecialiseerd"),
    ]


def test_anb_aspects_principles_phases_and_scale(normkader):
    aspecten = Groep.objects.filter(normkader=normkader, soort=Groep.Soort.ANB_ASPECT)
    assert [a.items.count() for a in aspecten.order_by("nummer")] == [1, 6, 12]
    assert aspecten.get(nummer=1).gedeelde_items.count() == 22
    assert HgwPrincipe.objects.filter(normkader=normkader).count() == 7
    assert list(CyclusFase.objects.filter(normkader=normkader).values_list("naam", flat=True)) == [
        "Signaleren",
        "Begrijpen",
        "Plannen",
        "Uitvoeren",
        "Evalueren",
    ]
    schaal = Schaalwaarde.objects.filter(normkader=normkader).order_by("waarde")
    assert [s.omschrijving for s in schaal] == [
        "niet aanwezig / niet zichtbaar",
        "in onvoldoende mate aanwezig / zichtbaar",
        "in voldoende mate aanwezig / zichtbaar",
        "goed tot zeer goed aanwezig / zichtbaar",
    ]
    assert normkader.drempel_voldoende == 3


# A sample of texts compared with the seed lines they come from, joined by hand-checked ranges.
@pytest.mark.parametrize(
    ("groep", "code", "seed", "first", "last"),
    [
        ("ijkpunt-1", "insp-1", "000", 218, 218),
        ("ijkpunt-3", "ref-2", "000", 489, 490),
        ("ijkpunt-9", "alm-1", "000", 886, 888),
        ("ijkpunt-12", "alm-3", "000", 1156, 1157),
        ("hgw-3", "3.3", "001", 1149, 1157),
        ("toezichtkader", "8.5", "001", 1412, 1414),
        ("aspect-3", "3.9", "002", 332, 337),
        ("thema-2", "og2-randvoorwaarden", "001", 398, 402),
    ],
)
def test_sample_texts_are_verbatim(normkader, groep, code, seed, first, last):
    item = Item.objects.get(groep__normkader=normkader, groep__code=groep, code=code)
    expected = lines(seed, first, last)
    expected = expected.split(" ", 1)[1] if groep.startswith(("hgw", "toezicht")) else expected
    assert item.tekst == expected


def test_ijkpunt_standard_and_signal_verbatim(normkader):
    ijkpunt = Groep.objects.get(normkader=normkader, code="ijkpunt-10")
    assert ijkpunt.standaard == lines("000", 969, 970)
    assert ijkpunt.naam == "Overdracht"
    signaal = Risicosignaal.objects.get(groep=ijkpunt, volgorde=1)
    assert signaal.tekst == lines("000", 1026, 1027)


def test_the_seven_steps_of_the_development_programme_with_what_each_yields(normkader):
    """003, "4. Werkwijze": stap 1 – Intake ... stap 7 – Uitvoeren, each with what happens
    and "Het resultaat van stap N"."""
    stappen = list(Ontwikkelstap.objects.filter(normkader=normkader).order_by("nummer"))
    assert [(s.nummer, s.naam) for s in stappen] == [
        (1, "Intake"), (2, "Verzamelen"), (3, "Analyse"),
        (4, "Reflectie met het team van de school"), (5, "Ambitie bepalen"),
        (6, "Plan van aanpak"), (7, "Uitvoeren"),
    ]  # fmt: skip
    assert stappen[1].resultaat == lines("003", 340, 341).removeprefix("Het resultaat van stap 2: ")
    assert stappen[4].resultaat == lines("003", 395, 396)
    # Step 3's seven recommendations are paragraphs of their own, after their lead-in.
    assert stappen[2].alineas[1:9] == [
        "Deze analyse dient te leiden tot aanbevelingen die:",
        "de scholen versterken in hun basisondersteuning",
        "het handelingsgericht werken repertoire van de medewerkers vergroot",
        "de ambitie (en daarmee de strategie) naar de toekomst concretiseert",
        "de leerlingen met meer plezier naar school laat gaan",
        "de medewerkers met meer plezier laat werken",
        "de schoolleiding proactief kan laten sturen",
        "het verwijzen terugdringt",
    ]
    assert all(s.werkwijze and s.resultaat and s.herkomst.startswith("003") for s in stappen)


def test_the_support_card_has_the_aspects_002_lists(normkader):
    """002: the Handreiking Ondersteuning "bevat per thema informatie ... over de volgende
    aspecten" (seven) and the Kenniskaart "Hierbij gaat het om" (four)."""
    aspecten = Kaartaspect.objects.filter(normkader=normkader).order_by("nummer")
    assert [a.kaart for a in aspecten] == ["handreiking"] * 7 + ["kenniskaart"] * 4
    assert aspecten[0].tekst == lines("002", 537, 539).lstrip("•").strip()
    assert aspecten[6].tekst == "Mogelijk specifieke eisen aan de ruimte op school."
    assert aspecten[7].inleiding.startswith("De Kenniskaart definieert per thema welke kennis")
    assert aspecten[10].tekst == (
        "Suggesties voor expertise van een school in de wijk, expertise binnen het bestuur of "
        "andere expertise."
    )
