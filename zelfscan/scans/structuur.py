"""What a scan asks: its parts, the items of each part that apply to this school, and how far
the school has come. Read-only; a fixed number of queries whatever the number of answers."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Groep, Item
from zelfscan.models import Antwoord, Groepsresultaat, Scanronde, School, Zelfscan

# The parts of the norm a round can include, and the kind of group each shows.
SOORT_VAN = {
    Scanronde.Onderdeel.ANB: Groep.Soort.ANB_ASPECT,
    Scanronde.Onderdeel.IJKPUNTEN: Groep.Soort.IJKPUNT,
    Scanronde.Onderdeel.HGW: Groep.Soort.HGW_SECTIE,
    Scanronde.Onderdeel.TOEZICHTKADER: Groep.Soort.TOEZICHTKADER,
    Scanronde.Onderdeel.PROTOCOLLEN: Groep.Soort.PROTOCOL,
    Scanronde.Onderdeel.THEMAS: Groep.Soort.THEMA,
}
# Ijkpunten, protocols and themes get a page each; the other parts one page for all their
# groups. The 13 ijkpunten were one page of 134 items (41,700 px, 1.35 s): a page per ijkpunt
# is a unit an IB-er finishes in one sitting (issue 14).
_PAGINA_PER_GROEP = {
    Groep.Soort.IJKPUNT: "ijkpunt",
    Groep.Soort.PROTOCOL: "protocol",
    Groep.Soort.THEMA: "thema",
}


@dataclass(eq=False)
class Deel:
    """One page of the scan."""

    sleutel: str  # "anb", "ijkpunt-3", "thema-3", "kengetallen", ...
    titel: str
    onderdeel: str  # the part of the round it belongs to: "ijkpunten" for "ijkpunt-3"
    groepen: list[Groep] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # applicable, each once, in page order
    is_thema: bool = False
    is_kengetallen: bool = False

    @property
    def opmerking_sleutels(self) -> set[str]:
        """The comments this page shows: its own, and those placed on its whole part before
        the part had pages ("ijkpunten")."""
        return {self.sleutel, self.onderdeel}

    def items_van(self, groep: Groep, van_toepassing: set[int]) -> list[Item]:
        eigen = [i for i in groep.items.all() if i.pk in van_toepassing]
        gedeeld = [i for i in groep.gedeelde_items.all() if i.pk in van_toepassing]
        return eigen + gedeeld


def soorten(ronde: Scanronde) -> list[str]:
    """The kinds of group the round asks, in the order of its parts."""
    return [SOORT_VAN[o] for o in ronde.onderdelen if o in SOORT_VAN]


def item_applies(item: Item, scan: Zelfscan) -> bool:
    """Items for SBO only are not asked of a scan made for another kind of school, nor items
    the source ties to the other sector; they count as not asked there."""
    return gevraagd(item.alleen_sbo, item.sector, scan)


def gevraagd(alleen_sbo: bool, sector: str, scan: Zelfscan) -> bool:
    """Whether a school of the scan's kind is asked an item (or a group, with alleen_sbo
    False) marked so."""
    return (not alleen_sbo or scan.soort == School.Soort.SBO) and sector in ("", scan.sector)


@dataclass
class Onderdeel:
    """A part of the round ("ijkpunten") with its pages and how far the school has come."""

    sleutel: str
    delen: list[tuple[Deel, int, int]]  # page, answered, asked
    gedaan: int
    van: int

    @property
    def titel(self) -> str:
        if len(self.delen) == 1:
            return self.delen[0][0].titel
        return str(Scanronde.Onderdeel(self.sleutel).label)

    @property
    def eerste(self) -> Deel:
        """The page to open: the first with something still open, else the first."""
        return next((d for d, a, n in self.delen if a < n), self.delen[0][0])


@dataclass
class Structuur:
    scan: Zelfscan
    delen: list[Deel]
    antwoorden: dict[int, Antwoord]  # item id -> answer

    def deel(self, sleutel: str) -> Deel | None:
        return next((d for d in self.delen if d.sleutel == sleutel), None)

    def delen_van(self, onderdeel: str) -> list[Deel]:
        return [d for d in self.delen if d.onderdeel == onderdeel]

    def onderdeel(self, sleutel: str) -> "Onderdeel | None":
        return next((o for o in self.onderdelen() if o.sleutel == sleutel), None)

    def onderdelen(self) -> list["Onderdeel"]:
        """The round's parts with their pages and progress, in the round's order."""
        result = []
        for deel in self.delen:
            if not result or result[-1].sleutel != deel.onderdeel:
                result.append(Onderdeel(deel.onderdeel, [], 0, 0))
            gedaan, van = self.voortgang(deel)
            result[-1].delen.append((deel, gedaan, van))
            result[-1].gedaan += gedaan
            result[-1].van += van
        return result

    def eerste_open(self, delen: list[Deel] | None = None) -> tuple[Deel, Item] | None:
        """Where to go on: the first open item of these pages (of the scan by default)."""
        for deel in delen if delen is not None else self.delen:
            if open_items := self.open_items(deel):
                return open_items[0]
        return None

    @property
    def items(self) -> dict[int, Item]:
        return {item.pk: item for deel in self.delen for item in deel.items}

    def open_items(self, deel: Deel | None = None) -> list[tuple[Deel, Item]]:
        """Applicable items without a score or n.v.t., with the first part that asks them."""
        seen, result = set(), []
        for d in [deel] if deel else self.delen:
            for item in d.items:
                if item.pk in seen:
                    continue
                seen.add(item.pk)
                antwoord = self.antwoorden.get(item.pk)
                if antwoord is None or not antwoord.beantwoord:
                    result.append((d, item))
        return result

    def voortgang(self, deel: Deel) -> tuple[int, int]:
        """(answered, applicable) for a part."""
        answered = sum(
            1 for i in deel.items if (a := self.antwoorden.get(i.pk)) is not None and a.beantwoord
        )
        return answered, len(deel.items)

    def totaal(self) -> tuple[int, int]:
        items = self.items
        answered = sum(
            1 for pk in items if (a := self.antwoorden.get(pk)) is not None and a.beantwoord
        )
        return answered, len(items)


def structuur(scan: Zelfscan) -> Structuur:
    ronde = scan.ronde
    groepen = list(
        Groep.objects.filter(
            normkader_id=ronde.normkader_id, soort__in=soorten(ronde), sector__in=["", scan.sector]
        )
        .select_related("domein")
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("volgorde")),
            Prefetch(
                "gedeelde_items",
                queryset=Item.objects.select_related("groep").order_by("groep__nummer", "volgorde"),
            ),
            "risicosignalen",
        )
        .order_by("nummer")
    )
    per_soort = defaultdict(list)
    for groep in groepen:
        per_soort[groep.soort].append(groep)

    delen = []
    for onderdeel in ronde.onderdelen:
        if onderdeel == Scanronde.Onderdeel.KENGETALLEN:
            continue  # last, below
        soort = SOORT_VAN.get(onderdeel)
        if soort is None:
            continue
        if soort in _PAGINA_PER_GROEP:
            for groep in per_soort[soort]:
                titel = groep.naam
                if soort == Groep.Soort.IJKPUNT:
                    titel = _("ijkpunt %(nummer)s: %(naam)s") % {
                        "nummer": groep.nummer,
                        "naam": groep.naam,
                    }
                delen.append(
                    Deel(
                        f"{_PAGINA_PER_GROEP[soort]}-{groep.nummer}",
                        str(titel),
                        onderdeel,
                        [groep],
                        is_thema=soort == Groep.Soort.THEMA,
                    )
                )
        else:
            label = Scanronde.Onderdeel(onderdeel).label
            delen.append(Deel(onderdeel, str(label), onderdeel, per_soort[soort]))
    for deel in delen:
        seen = set()
        for groep in deel.groepen:
            for item in [*groep.items.all(), *groep.gedeelde_items.all()]:
                if item.pk not in seen and item_applies(item, scan):
                    seen.add(item.pk)
                    deel.items.append(item)
    if Scanronde.Onderdeel.KENGETALLEN in ronde.onderdelen:
        delen.append(Deel("kengetallen", str(_("kengetallen")), "kengetallen", is_kengetallen=True))

    antwoorden = {a.item_id: a for a in scan.antwoorden.all()}
    return Structuur(scan=scan, delen=delen, antwoorden=antwoorden)


@dataclass(frozen=True)
class Indeling:
    """The groups a round asks and their items, by id only."""

    groepen: dict  # group id -> ((item id, alleen_sbo, sector), ...), own items then shared
    soorten: dict  # group id -> Groep.Soort
    sectoren: dict  # group id -> the sector it is asked of ("" for both)
    nvt_toegestaan: dict  # item id -> whether the norm allows n.v.t.
    signalen: dict  # risk signal id -> its group id

    def voor(self, scan: Zelfscan) -> dict:
        """What the scan is asked: group id -> ((item id, asked), ...) for each group a school
        of its kind is asked. An item in such a group that is not asked of it (SBO only, the
        other sector) counts there as not asked; a group of the other sector has no row."""
        return {
            groep_id: tuple((pk, gevraagd(sbo, sector, scan)) for pk, sbo, sector in items)
            for groep_id, items in self.groepen.items()
            if gevraagd(False, self.sectoren[groep_id], scan)
        }


@dataclass(frozen=True)
class Toegestaan:
    """What a scan accepts answers for, by id only: what an autosave request checks."""

    items: dict  # item id -> whether n.v.t. is allowed
    signalen: frozenset
    themas: frozenset


# A vastgesteld Normkader never changes, so what a round asks can be kept for the life of the
# process (every process computes the same). Keyed by the Normkader's id: a version with a round
# cannot be deleted (PROTECT), so its id never comes back for another version.
_INDELING: dict[tuple, Indeling] = {}
_TOEGESTAAN: dict[tuple, Toegestaan] = {}


def vergeet_indelingen() -> None:
    """Empty the process caches above. For the tests: there a rolled-back test takes its
    versions of the norm away, and ``loaddata`` then sets the id sequence back, so the next
    version made gets an id cached for another one (on PostgreSQL this gave six browser tests
    a round with group ids that no longer existed, after the concordantie tests)."""
    _INDELING.clear()
    _TOEGESTAAN.clear()


def indeling(ronde: Scanronde) -> Indeling:
    """The round's groups and items in three id-only queries (none once cached)."""
    from ijkpunten.models import Risicosignaal

    key = (ronde.normkader_id, tuple(ronde.onderdelen))
    if key in _INDELING:
        return _INDELING[key]
    rijen = (
        Groep.objects.filter(normkader_id=ronde.normkader_id, soort__in=soorten(ronde))
        .order_by("soort", "nummer")
        .values_list("pk", "soort", "sector")
    )
    groepen = {pk: soort for pk, soort, _sector in rijen}
    sectoren = {pk: sector for pk, _soort, sector in rijen}
    items = defaultdict(list)
    nvt = {}
    for groep_id, pk, alleen_sbo, sector, nvt_toegestaan in Item.objects.filter(
        groep__in=groepen
    ).values_list("groep_id", "pk", "alleen_sbo", "sector", "nvt_toegestaan"):
        items[groep_id].append((pk, alleen_sbo, sector))
        nvt[pk] = nvt_toegestaan
    for (
        groep_id,
        pk,
        alleen_sbo,
        sector,
        nvt_toegestaan,
    ) in Groep.gedeelde_items.through.objects.filter(groep__in=groepen).values_list(
        "groep_id", "item_id", "item__alleen_sbo", "item__sector", "item__nvt_toegestaan"
    ):
        items[groep_id].append((pk, alleen_sbo, sector))
        nvt[pk] = nvt_toegestaan
    result = Indeling(
        groepen={g: tuple(items[g]) for g in groepen},
        soorten=groepen,
        sectoren=sectoren,
        nvt_toegestaan=nvt,
        signalen=dict(
            Risicosignaal.objects.filter(groep__in=groepen).values_list("pk", "groep_id")
        ),
    )
    if ronde.normkader.is_vastgesteld:
        _INDELING[key] = result
    return result


def toegestaan(scan: Zelfscan) -> Toegestaan:
    """Ids of the items, signals and themes this scan asks (no query once cached)."""
    ronde = scan.ronde
    key = (ronde.normkader_id, tuple(ronde.onderdelen), scan.soort == School.Soort.SBO,
           scan.sector)  # fmt: skip
    if key in _TOEGESTAAN:
        return _TOEGESTAAN[key]
    deel = indeling(ronde)
    groepen = deel.voor(scan)
    result = Toegestaan(
        items={
            pk: deel.nvt_toegestaan[pk]
            for items in groepen.values()
            for pk, asked in items
            if asked
        },
        signalen=frozenset(s for s, groep in deel.signalen.items() if groep in groepen),
        themas=frozenset(g for g in groepen if deel.soorten[g] == Groep.Soort.THEMA),
    )
    if ronde.normkader.is_vastgesteld:
        _TOEGESTAAN[key] = result
    return result


def voortgang_van(scans: list[Zelfscan]) -> dict[int, tuple[int, int]]:
    """(answered, asked) per scan, for a list of many: from each scan's summary row (one query
    for all), the number asked from what its round asks (cached per round)."""
    rijen = {
        r.scan_id: r
        for r in Groepsresultaat.objects.filter(scan__in=scans, groep__isnull=True).only(
            "scan_id", "nvt", "n1", "n2", "n3", "n4"
        )
    }
    voortgang = {}
    for scan in scans:
        rij = rijen.get(scan.pk)
        gedaan = rij.nvt + rij.n1 + rij.n2 + rij.n3 + rij.n4 if rij else 0
        voortgang[scan.pk] = (gedaan, len(toegestaan(scan).items))
    return voortgang
