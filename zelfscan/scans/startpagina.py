"""What each person's start page says needs doing next (issue 14, first part): for the
school's IB-er and directeur, their current scan (progress per part, deadline, what is still
open, last year's answers still to confirm, the consulent's comments, where to go on, the
development points that are due); for a board member, its schools with state and progress,
what waits for its release, and its results and report; for a consulent, what waits for the
conversation and the points past their deadline; for the SWV, its newest round per state and
who is late. Reads only; a fixed number of queries whatever the number of schools."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from ijkpunten.models import Item
from zelfscan.models import Ontwikkelpunt, Opmerking, Rol, Scanronde, Zelfscan
from zelfscan.scans.structuur import Deel, Onderdeel, structuur, voortgang_van

# A development point is "due" from this many days before its deadline.
BINNENKORT = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Termijn:
    deadline: datetime.date
    dagen: int  # days left; negative once passed

    @property
    def verstreken(self) -> bool:
        return self.dagen < 0

    @property
    def dagen_over(self) -> int:
        """Days since the deadline passed."""
        return -self.dagen

    @classmethod
    def van(cls, ronde: Scanronde, vandaag: datetime.date) -> "Termijn":
        return cls(ronde.deadline, (ronde.deadline - vandaag).days)


@dataclass(frozen=True)
class Schoolblok:
    """A school's current scan, as its IB-er or directeur starts the day with it."""

    scan: Zelfscan
    termijn: Termijn
    onderdelen: list[Onderdeel]  # the round's parts with their progress
    gedaan: int
    van: int
    verder: tuple[Deel, Item] | None  # the first open item, where the school goes on
    onbevestigd: int
    opmerkingen: int
    nieuwe_opmerkingen: int  # not yet seen by this person on their page
    nieuw_bij: str | None  # the part of the first of them
    punten: list[Ontwikkelpunt]  # open, due within BINNENKORT or past


def schoolblokken(user) -> list[Schoolblok]:
    """One block per school where the person fills in the scan: the scan of its newest round."""
    scholen = Rol.objects.filter(
        user=user, soort__in=(Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR), school__isnull=False
    ).values("school")
    nieuwste = {}
    for scan in (
        Zelfscan.objects.for_user(user)
        .filter(school__in=scholen)
        .select_related("school", "ronde__normkader")
        .order_by("school_id", "-ronde__schooljaar")
    ):
        nieuwste.setdefault(scan.school_id, scan)
    vandaag = timezone.localdate()
    blokken = []
    for scan in nieuwste.values():
        opbouw = structuur(scan)
        gedaan, van = opbouw.totaal()
        gezien = Opmerking.gelezen_door.through.objects.filter(opmerking=OuterRef("pk"), user=user)
        opmerkingen = list(
            Opmerking.objects.filter(scan=scan)
            .annotate(gezien=Exists(gezien))
            .values_list("onderdeel", "gezien")
        )
        nieuw = [onderdeel for onderdeel, gezien in opmerkingen if not gezien]
        blokken.append(Schoolblok(
            scan=scan, termijn=Termijn.van(scan.ronde, vandaag),
            onderdelen=[o for o in opbouw.onderdelen() if o.van],
            gedaan=gedaan, van=van, verder=opbouw.eerste_open(),
            onbevestigd=sum(1 for a in opbouw.antwoorden.values() if a.uit_vorige_scan),
            opmerkingen=len(opmerkingen), nieuwe_opmerkingen=len(nieuw),
            nieuw_bij=nieuw[0] if nieuw else None,
            punten=list(
                Ontwikkelpunt.objects.filter(
                    school=scan.school_id, status__in=Ontwikkelpunt.OPEN,
                    deadline__lte=vandaag + BINNENKORT,
                ).order_by("deadline", "pk")
            ),
        ))  # fmt: skip
    return blokken


@dataclass(frozen=True)
class Bestuursblok:
    """A board's schools in its newest round: state and progress, and what waits for it."""

    ronde: Scanronde
    bestuur: object
    termijn: Termijn
    rijen: list[tuple[Zelfscan, int, int]]  # scan, answered, asked
    vrij_te_geven: int


def bestuursblokken(user) -> list[Bestuursblok]:
    """Four queries whatever the number of schools: the roles, the scans, their summaries, the
    rounds (what a round asks is cached)."""
    rollen = list(
        Rol.objects.filter(user=user, soort__in=Rol.BESTUURSROLLEN, bestuur__isnull=False)
        .select_related("bestuur", "swv")
        .order_by("bestuur__naam", "swv__naam")
    )
    if not rollen:
        return []
    scans = list(
        Zelfscan.objects.for_user(user)
        .filter(school__bestuur__in=[r.bestuur_id for r in rollen])
        .select_related("school", "ronde__normkader", "ronde__swv")
        .order_by("-ronde__schooljaar", "school__naam")
    )
    voortgang = voortgang_van(scans)
    vandaag = timezone.localdate()
    blokken = []
    for rol in rollen:
        # The board's schools in the SWV that gave the role (a board may span two SWVs).
        eigen = [
            s
            for s in scans
            if (s.school.bestuur_id, s.school.swv_id) == (rol.bestuur_id, rol.swv_id)
        ]
        if not eigen:
            continue
        ronde = eigen[0].ronde  # the newest round of the board's schools
        in_ronde = [s for s in eigen if s.ronde_id == ronde.pk]
        blokken.append(Bestuursblok(
            ronde=ronde, bestuur=rol.bestuur, termijn=Termijn.van(ronde, vandaag),
            rijen=[(s, *voortgang[s.pk]) for s in in_ronde],
            vrij_te_geven=sum(1 for s in in_ronde if s.status == Zelfscan.Status.INGEDIEND),
        ))  # fmt: skip
    return blokken


@dataclass(frozen=True)
class Consulentblok:
    """A consulent's schools: the released scans that wait for the conversation, and the
    schools with development points past their deadline."""

    scholen: int
    wacht_op_gesprek: list[Zelfscan]
    achterstand: list[tuple[object, int]]  # school, points past the deadline


def consulentblok(user) -> Consulentblok | None:
    """Three queries whatever the number of schools."""
    scholen = list(
        Rol.objects.filter(user=user, soort=Rol.Soort.CONSULENT, school__isnull=False)
        .select_related("school")
        .order_by("school__naam")
    )
    if not scholen:
        return None
    ids = [r.school_id for r in scholen]
    wacht = list(
        Zelfscan.objects.for_user(user)
        .filter(school__in=ids, status=Zelfscan.Status.VRIJGEGEVEN)
        .select_related("school", "ronde")
        .order_by("school__naam", "-ronde__schooljaar")
    )
    te_laat = dict(
        Ontwikkelpunt.objects.for_user(user)
        .filter(school__in=ids, status__in=Ontwikkelpunt.OPEN, deadline__lt=timezone.localdate())
        .values_list("school")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Consulentblok(
        scholen=len(scholen),
        wacht_op_gesprek=wacht,
        achterstand=[(r.school, te_laat[r.school_id]) for r in scholen if r.school_id in te_laat],
    )


def per_status(scans) -> list[tuple[str, int]]:
    """(state label, number of scans) for every state, in the workflow's order."""
    tel = Counter(s.status for s in scans)
    return [(label, tel[waarde]) for waarde, label in Zelfscan.Status.choices]


@dataclass(frozen=True)
class Rondeoverzicht:
    """A round's page: every school the person may follow, with its state and progress, and
    whether its scan may be opened (its answers are behind ``for_user``)."""

    ronde: Scanronde
    termijn: Termijn
    per_status: list[tuple[str, int]]
    rijen: list[tuple[Zelfscan, bool, int, int]]  # scan, may be opened, answered, asked


def rondeoverzicht(user, ronde: Scanronde) -> Rondeoverzicht:
    """Three queries whatever the number of schools."""
    scans = list(
        Zelfscan.objects.status_for_user(user)
        .filter(ronde=ronde)
        .select_related("school__wijk", "ronde__normkader")
        .order_by("school__naam")
    )
    te_openen = set(
        Zelfscan.objects.for_user(user)
        .filter(pk__in=[s.pk for s in scans])
        .values_list("pk", flat=True)
    )
    voortgang = voortgang_van(scans)
    return Rondeoverzicht(
        ronde=ronde, termijn=Termijn.van(ronde, timezone.localdate()),
        per_status=per_status(scans),
        rijen=[(s, s.pk in te_openen, *voortgang[s.pk]) for s in scans],
    )  # fmt: skip


@dataclass(frozen=True)
class Rondeblok:
    """An SWV's newest round: the schools per state, and the ones late with their scan."""

    ronde: Scanronde
    termijn: Termijn
    per_status: list[tuple[str, int]]
    te_laat: list[tuple[Zelfscan, int, int]]  # scan, answered, asked


def rondeblokken(user) -> list[Rondeblok]:
    """Per SWV the person manages, its newest round; four queries whatever the number of
    schools. Late: still a concept once the deadline has passed."""
    swvs = Rol.objects.filter(user=user, soort__in=Rol.SWV_ROLLEN, swv__isnull=False).values("swv")
    rondes = {}
    for ronde in (
        Scanronde.objects.filter(swv__in=swvs)
        .select_related("swv", "normkader")
        .order_by("swv_id", "-schooljaar")
    ):
        rondes.setdefault(ronde.swv_id, ronde)
    if not rondes:
        return []
    scans = list(
        Zelfscan.objects.status_for_user(user)
        .filter(ronde__in=list(rondes.values()))
        .select_related("school", "ronde__normkader")
        .order_by("school__naam")
    )
    vandaag = timezone.localdate()
    concept = Zelfscan.Status.CONCEPT
    te_laat_scans = [
        s for s in scans if s.status == concept and Termijn.van(s.ronde, vandaag).verstreken
    ]
    voortgang = voortgang_van(te_laat_scans)
    blokken = []
    for ronde in rondes.values():
        blokken.append(Rondeblok(
            ronde=ronde, termijn=Termijn.van(ronde, vandaag),
            per_status=per_status([s for s in scans if s.ronde_id == ronde.pk]),
            te_laat=[(s, *voortgang[s.pk]) for s in te_laat_scans if s.ronde_id == ronde.pk],
        ))  # fmt: skip
    return blokken
