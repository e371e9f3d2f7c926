"""Fictional demo data for Almere: two SWVs, the Almere wijken, boards, schools, one account per
role. Every name, number and person here is made up; every row is marked is_demo."""

import datetime
import itertools
import random

from django.db import transaction

from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk

WIJKEN = ["Haven", "Stad", "Buiten", "Hout", "Poort", "Pampus", "Oosterwold"]

SWVS = [
    ("PO 23-02", "Passend Onderwijs Almere (po) — demo", "po"),
    ("VO 23-02", "Passend Onderwijs Almere (vo) — demo", "vo"),
]

BESTUREN = [
    ("90001", "Stichting Polderkring (demo)"),
    ("90002", "Stichting Meerwaarde Onderwijs (demo)"),
    ("90003", "Vereniging De Lichtboei (demo)"),
    ("90004", "Stichting Flevoscholen (demo)"),
    ("90005", "Stichting Voortgezet Meerstad (demo)"),
]

PO_SCHOLEN = [
    "De Regenboog",
    "Het Kompas",
    "De Zeppelin",
    "De Windroos",
    "Het Anker",
    "De Vlinder",
    "De Boomgaard",
    "Het Palet",
    "De Vuurtoren",
    "De Klimop",
    "Het Zonnelied",
    "De Notenkraker",
    "De Ster",
    "Het Baken",
    "De Tuinfluiter",
    "De Waterlelie",
    "Het Schateiland",
    "De Kameleon",
    "De Duinroos",
    "Het Mozaïek",
    "De Wilgenhoek",
    "De Ontdekking",
    "Het Kraaiennest",
    "De Polderpiraat",
    "De Horizon",
    "De Fluitekruid",
    "Het Vlot",
    "De Meander",
    "De Speelwei (sbo)",
    "De Brug (sbo)",
    "De Sterrenwacht (so)",
]
VO_SCHOLEN = [
    "Meerstad College",
    "Polder Lyceum",
    "Havenstad Mavo",
    "Buitenhout Scholengemeenschap",
    "Oosterwold Vakcollege",
    "Poort Gymnasium",
    "Pampus Praktijkschool",
    "Stad & Haven College",
]

DEMO_PASSWORD = "demo-zelfscan-2026"  # noqa: S105 - printed on purpose; demo only

ACCOUNTS = [
    ("demo-ib", "Ilse", "Bakker", Rol.Soort.IB_ER),
    ("demo-directeur", "Dirk", "de Vries", Rol.Soort.DIRECTEUR),
    ("demo-bestuur", "Bea", "Jansen", Rol.Soort.BESTUUR),
    ("demo-consulent", "Cor", "Visser", Rol.Soort.CONSULENT),
    ("demo-beheerder", "Bert", "Smit", Rol.Soort.SWV_BEHEERDER),
]
# The VO partnership's people: a zorgcoördinator (the IB-er's role in a secondary school) of
# its first school, its board and its beheerder, so that every page is seen for VO too.
VO_ACCOUNTS = [
    ("demo-vo-zorg", "Zara", "Ouali", Rol.Soort.IB_ER),
    ("demo-vo-bestuur", "Vince", "Mulder", Rol.Soort.BESTUUR),
    ("demo-vo-beheerder", "Vera", "Kok", Rol.Soort.SWV_BEHEERDER),
]


@transaction.atomic
def create_demo_data() -> list[tuple[str, str, str]]:
    """Create or update the demo data; returns (username, password, role) per demo account."""
    rng = random.Random(2026)  # noqa: S311 - a fixed seed for the same demo every time
    swvs = {}
    for code, naam, sector in SWVS:
        swvs[sector], _ = Samenwerkingsverband.objects.update_or_create(
            code=code, defaults={"naam": naam, "sector": sector, "is_demo": True}
        )
    # Primary schools work per wijk, secondary schools city-wide (002): the VO SWV has no
    # wijken, and its schools none.
    wijken = {
        naam: Wijk.objects.update_or_create(swv=swvs["po"], naam=naam, defaults={"is_demo": True})[
            0
        ]
        for naam in WIJKEN
    }
    besturen = [
        Bestuur.objects.update_or_create(
            bevoegd_gezag_nummer=nummer, defaults={"naam": naam, "is_demo": True}
        )[0]
        for nummer, naam in BESTUREN
    ]

    scholen = []
    for index, naam in enumerate(PO_SCHOLEN + VO_SCHOLEN):
        vo = naam in VO_SCHOLEN
        sector = "vo" if vo else "po"
        soort = "vo" if vo else "sbo" if "(sbo)" in naam else "so" if "(so)" in naam else "bao"
        bestuur = besturen[4] if vo else besturen[index % 4]
        school, _ = School.objects.update_or_create(
            brin=f"9{index // 26}{chr(65 + index % 26)}A",
            vestigingsnummer="00",
            defaults={
                "naam": naam,
                "swv": swvs[sector],
                "bestuur": bestuur,
                "wijk": None if vo else wijken[WIJKEN[index % len(WIJKEN)]],
                "soort": soort,
                "aantal_leerlingen": rng.randint(600, 1600) if vo else rng.randint(90, 520),
                "actief": True,
                "is_demo": True,
            },
        )
        scholen.append(school)

    school_a = scholen[0]
    vo_school_a = scholen[len(PO_SCHOLEN)]
    organisatie = {
        Rol.Soort.IB_ER: {"school": school_a},
        Rol.Soort.DIRECTEUR: {"school": school_a},
        Rol.Soort.BESTUUR: {"bestuur": school_a.bestuur, "swv": swvs["po"]},
        Rol.Soort.SWV_BEHEERDER: {"swv": swvs["po"]},
    }
    vo_organisatie = {
        Rol.Soort.IB_ER: {"school": vo_school_a},
        Rol.Soort.BESTUUR: {"bestuur": vo_school_a.bestuur, "swv": swvs["vo"]},
        Rol.Soort.SWV_BEHEERDER: {"swv": swvs["vo"]},
    }
    # Rounds for both SWVs, so that the demo accounts have a scan to work on.
    from ijkpunten.models import Normkader
    from zelfscan.models import Scanronde
    from zelfscan.scans.workflow import ensure_scans

    normkader = Normkader.objects.vastgesteld().filter(code="anb-2024").first()
    if normkader is not None:
        # Last year's round, completed, and this year's: most schools released, school A
        # (the demo IB-er's) still to fill in, a few others in concept. PO first: its random
        # values stay what they were before the VO SWV had rounds.
        for (sector, open_school), (schooljaar, deadline) in itertools.product(
            (("po", school_a), ("vo", vo_school_a)),
            (("2024-2025", datetime.date(2025, 6, 30)), ("2025-2026", datetime.date(2026, 6, 30))),
        ):
            ronde, _ = Scanronde.objects.get_or_create(
                swv=swvs[sector],
                schooljaar=schooljaar,
                defaults={
                    "normkader": normkader,
                    "onderdelen": list(Scanronde.Onderdeel.values),
                    "deadline": deadline,
                },
            )
            ensure_scans(ronde=ronde)
            _vul_scans(ronde, rng, laatste=schooljaar == "2025-2026", open_school=open_school)
    printed = []
    accounts = [(*a, organisatie) for a in ACCOUNTS] + [(*a, vo_organisatie) for a in VO_ACCOUNTS]
    for username, first, last, soort, organisaties in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "is_demo": True,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if soort == Rol.Soort.CONSULENT:
            # A consulent is assigned to some schools of the PO SWV, school A among them.
            for school in scholen[:12:2]:
                Rol.objects.get_or_create(user=user, soort=soort, school=school)
        else:
            Rol.objects.get_or_create(user=user, soort=soort, **organisaties[soort])
        sector = "vo" if organisaties is vo_organisatie else "po"
        printed.append((username, DEMO_PASSWORD, f"{Rol.Soort(soort).label} ({sector})"))
    printed.append(_normbeheerder())
    if normkader is not None:
        _vorige_jaren_ingelezen(swvs["po"], normkader, User.objects.get(username="demo-beheerder"))
        _herziening_in_concept(normkader)
        _vorig_jaar_besproken(school_a)  # recorded by the demo consulent, made just above
        _kaart_begonnen(swvs["po"], normkader)
        _team_beoordeelt(school_a, random.Random(17))  # noqa: S311 - a fixed seed, as above
    return printed


VORIGE_JAREN = ("2022-2023", "2023-2024")


def _vorige_jaren_ingelezen(swv, normkader, door) -> None:
    """The PO partnership's two years before the application, read in as an SWV does it: the
    template's rows the application hands out, filled in per school and year, read in by the
    same service as the page (``zelfscan/scans/inlezen.py``). The trend then starts in
    2022-2023. The rows are made in memory: the round trip through the XLSX file is the
    page's, and tested there (a workbook of 17,000 rows written and read back made up three
    quarters of the demo's time)."""
    import tablib

    from zelfscan.models import Scanronde
    from zelfscan.scans import inlezen

    if Scanronde.objects.filter(swv=swv, schooljaar__in=VORIGE_JAREN).exists():
        return
    rng = random.Random(2022)  # noqa: S311 - a fixed seed; its own, so the rest stays put
    sjabloon = list(inlezen.sjabloonrijen(swv=swv, normkader=normkader))
    ingevuld = tablib.Dataset(headers=list(inlezen.SJABLOONKOLOMMEN))
    kolom = {naam: i for i, naam in enumerate(inlezen.SJABLOONKOLOMMEN)}
    for stap, jaar in enumerate(VORIGE_JAREN):
        neiging = {}
        for rij in sjabloon:
            school = (rij[kolom["brin"]], rij[kolom["vestigingsnummer"]])
            # A little weaker in the years before, each school its own way.
            neiging.setdefault(school, rng.uniform(2.0, 3.3) + 0.15 * stap)
            rij = list(rij)
            rij[kolom["schooljaar"]] = jaar
            rij[kolom["score"]] = min(4, max(1, round(rng.gauss(neiging[school], 0.7))))
            ingevuld.append(rij)
    controle = inlezen.lees_in(swv=swv, normkader=normkader, dataset=ingevuld, door=door)
    if not controle.ok:
        raise RuntimeError("; ".join(controle.fouten[:3]))


NORMBEHEERDER = ("demo-normbeheer", "Noor", "Hendriks")
HERZIENING = ("anb-2026-demo", "Almeerse Norm Basisondersteuning 2026 (concept, demo)")


def _normbeheerder() -> tuple[str, str, str]:
    """The one who keeps the versions of the norm: staff with the right to change it (not a
    role of an SWV: the norm is the city's, shared by both partnerships)."""
    from django.contrib.auth.models import Permission

    username, first, last = NORMBEHEERDER
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid",
                  "is_demo": True, "is_staff": True},
    )  # fmt: skip
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="ijkpunten"))
    return (username, DEMO_PASSWORD, "normbeheer (staf)")


def _herziening_in_concept(normkader) -> None:
    """A revision being prepared: a copy of the norm in concept with one indicator reworded,
    so that "Versies van de norm" and its concordantie show what a revision looks like."""
    from ijkpunten.models import Item, Normkader
    from ijkpunten.services import copy_normkader

    code, naam = HERZIENING
    if Normkader.objects.filter(code=code).exists():
        return
    kopie = copy_normkader(bron=normkader, code=code, naam=naam)
    Item.objects.filter(groep__normkader=kopie, groep__code="ijkpunt-2", code="insp-1").update(
        tekst="De (G)MR stemt in met het schoolondersteuningsprofiel en wordt jaarlijks "
        "geïnformeerd over de uitvoering ervan. (demo)"
    )


def _vul_scans(ronde, rng, *, laatste: bool, open_school) -> None:
    """Answers for the demo scans that have none: each school with a tendency of its own, a
    little better in the later round. Written in bulk, then the summary counted."""
    from zelfscan.models import Ambitie, Antwoord, Kengetallen, Signaalantwoord, Zelfscan
    from zelfscan.resultaten import samenvatting
    from zelfscan.scans.structuur import indeling, toegestaan

    deel = indeling(ronde)
    scans = ronde.scans.select_related("school", "ronde").filter(antwoorden__isnull=True)
    for index, scan in enumerate(scans.order_by("school__naam")):
        if laatste and scan.school_id == open_school.pk:
            continue
        neiging = rng.uniform(2.2, 3.6) + (0.2 if laatste else 0)
        # One school in four has its support in order: nothing below 3, so that the results
        # show schools that meet the basisnorm beside those that do not.
        bodem = 3 if index % 4 == 1 else 1
        asked = toegestaan(scan)
        Antwoord.objects.bulk_create(
            Antwoord(scan=scan, item_id=item_id, versie=1,
                     score=min(4, max(bodem, round(rng.gauss(neiging, 0.7)))))
            for item_id in asked.items
        )  # fmt: skip
        Signaalantwoord.objects.bulk_create(
            Signaalantwoord(scan=scan, signaal_id=s, aangevinkt=True, versie=1)
            for s in sorted(asked.signalen)
            if rng.random() < 0.12
        )
        Ambitie.objects.bulk_create(
            Ambitie(scan=scan, thema_id=t, versie=1, niveau="basisnorm",
                    expertise=rng.choice(["", "", "brengt", "zoekt"]))
            for t in deel.soorten
            if t in asked.themas
        )  # fmt: skip
        leerlingen = scan.school.aantal_leerlingen or 250
        Kengetallen.objects.filter(scan=scan).update(
            leerlingen=leerlingen,
            ib_fte=round(leerlingen * rng.uniform(0.0016, 0.0026), 2),
            verwijzingen_sbo=rng.randint(0, 6),
            verwijzingen_so=rng.randint(0, 3),
            thuiszitters=rng.randint(0, 2),
            opps=rng.randint(0, 12),
            inspectieoordeel="voldoende" if rng.random() < 0.9 else "onvoldoende",
        )
        samenvatting.herbereken(scan=scan)
        S = Zelfscan.Status
        status = S.AFGEROND if not laatste else S.CONCEPT if index % 7 == 3 else S.VRIJGEGEVEN
        Zelfscan.objects.filter(pk=scan.pk).update(status=status)


def _vorig_jaar_besproken(school) -> None:
    """Last year's conversation at the demo school, and an open development point from it,
    which this year's scan shows beside its indicator."""
    from zelfscan.models import Antwoord, Gesprek, Ontwikkelpunt

    vorige = school.scans.filter(ronde__schooljaar="2024-2025").first()
    if vorige is None or Gesprek.objects.filter(scan=vorige).exists():
        return
    laagste = Antwoord.objects.filter(scan=vorige, score__isnull=False).order_by("score", "pk")
    antwoord = laagste.select_related("item").first()
    from zelfscan.models import User

    consulent = User.objects.filter(username="demo-consulent").first()
    Gesprek.objects.create(
        scan=vorige, datum=datetime.date(2025, 10, 8), vastgelegd_door=consulent,
        deelnemers="Consulent: Demo Consulent\nIntern begeleider: Demo IB-er\nDirecteur: Demo",
        agenda=f"- Score {antwoord.score} bij {antwoord.item.code}",
        afspraken="De school werkt dit uit in het ontwikkelplan.",
    )  # fmt: skip
    Ontwikkelpunt.objects.create(
        school=school, scan=vorige, item=antwoord.item, titel=f"Verbeteren: {antwoord.item.code}",
        doel="Voor het einde van het schooljaar scoort de school hier minstens 3.",
        acties="Analyse met het team; afspraken vastleggen; na drie maanden evalueren.",
        eigenaar="Intern begeleider", deadline=datetime.date(2026, 6, 30), status="bezig",
    )  # fmt: skip


def _kaart_begonnen(swv, normkader) -> None:
    """The PO SWV has started on theme 1's support card: its first aspect on the two levels
    of the basisnorm (fictional text, as the rest of the demo)."""
    from ijkpunten.models import Groep, Kaartaspect, Ondersteuningsniveau
    from zelfscan.models import Kaartinhoud

    thema = Groep.objects.get(normkader=normkader, code="thema-1")
    aspect = Kaartaspect.objects.filter(normkader=normkader, kaart="handreiking").first()
    if aspect is None:
        return
    teksten = {
        1: "De leraar biedt in de groep dagelijks extra instructie aan de instructietafel.",
        2: "Leerlingen met een leesachterstand krijgen drie keer per week een korte "
        "interventie in een kleine groep.",
    }
    for niveau in Ondersteuningsniveau.objects.filter(normkader=normkader, nummer__in=teksten):
        Kaartinhoud.objects.get_or_create(
            swv=swv, thema=thema, aspect=aspect, niveau=niveau,
            defaults={"tekst": teksten[niveau.nummer]},
        )  # fmt: skip


# Four colleagues of the demo school (fictional).
_TEAM = ["Fleur Visser", "Jeroen Smit", "Sanne Mulder", "Youssef el Amrani"]


def _team_beoordeelt(school, rng) -> None:
    """Four colleagues of the demo school have rated this year's HGW part, each with a view
    of their own; on a few items they disagree. Their links are not known (only a hash is
    stored): the demo IB-er sends one again to try the form."""
    import secrets

    from django.utils import timezone

    from zelfscan.models import Teamscore, Teamuitnodiging
    from zelfscan.models.team import sleutel_hash
    from zelfscan.team.beoordelen import items_van

    scan = school.scans.filter(ronde__schooljaar="2025-2026").first()
    if scan is None or Teamuitnodiging.objects.filter(scan=scan).exists():
        return
    for index, naam in enumerate(_TEAM):
        uitnodiging = Teamuitnodiging.objects.create(
            scan=scan, naam=naam, email=f"{naam.split()[0].lower()}@demo.invalid",
            onderdelen=["hgw"], geldig_tot=timezone.localdate() + datetime.timedelta(days=21),
            sleutel_hash=sleutel_hash(secrets.token_urlsafe(32)), verstuurd_op=timezone.now(),
        )  # fmt: skip
        neiging = (2.4, 3.0, 3.3, 2.8)[index]
        Teamscore.objects.bulk_create(
            Teamscore(uitnodiging=uitnodiging, item_id=pk, versie=1,
                      score=min(4, max(1, round(rng.gauss(neiging, 0.8)))))
            for pk in sorted(items_van(uitnodiging))
            if rng.random() < 0.9
        )  # fmt: skip
