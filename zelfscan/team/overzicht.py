"""The team's view of a scan, read: per item the count and, from the minimum on, the
distribution; the points for the team meeting; who was invited (for the school only). A fixed
number of queries whatever the number of raters."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from zelfscan.models import Antwoord, Teamscore, Teamuitnodiging, Zelfscan
from zelfscan.scans.structuur import Deel, structuur
from zelfscan.team.teamoordeel import (
    Teamoordeel,
    gesloten,
    minimum,
    onenigheid_vanaf,
    teamoordelen,
)


@dataclass
class Regel:
    deel: Deel
    item: object
    antwoord: Antwoord | None
    oordeel: Teamoordeel

    @property
    def wijkt_af(self) -> bool:
        return self.antwoord is not None and self.oordeel.wijkt_af(self.antwoord.score)


@dataclass
class Overzicht:
    delen: list[tuple[Deel, list[Regel]]] = field(default_factory=list)
    gesloten: bool = False  # the rating window: before it is closed nothing is shown
    uitgenodigd: int = 0  # invitations, withdrawn ones too (the school made them)
    # Of those, how many rated something: once closed, and from the minimum on (None: fewer).
    gereageerd: int | None = None
    minimum: int = 3
    onenigheid_vanaf: float = 1.0

    @property
    def regels(self) -> list[Regel]:
        return [r for _d, regels in self.delen for r in regels]

    @property
    def onenigheid(self) -> list[Regel]:
        """Points for the team meeting: strong disagreement, the largest spread first."""
        return sorted(
            (r for r in self.regels if r.oordeel.sterke_onenigheid),
            key=lambda r: -r.oordeel.spreiding,
        )

    @property
    def afwijkingen(self) -> list[Regel]:
        """Where the school's score differs a whole point or more from the team's median."""
        return [r for r in self.regels if r.wijkt_af]


def overzicht(scan: Zelfscan, opbouw=None) -> Overzicht:
    """``opbouw``: the scan's ``structuur`` when the caller has it already."""
    oordelen = teamoordelen(scan)
    opbouw = opbouw or structuur(scan)
    result = Overzicht(
        gesloten=gesloten(scan), minimum=minimum(), onenigheid_vanaf=onenigheid_vanaf()
    )
    if oordelen:
        gezien = set()
        for deel in opbouw.delen:
            regels = [
                Regel(deel, item, opbouw.antwoorden.get(item.pk), oordelen[item.pk])
                for item in deel.items
                if item.pk in oordelen and item.pk not in gezien
            ]
            gezien.update(r.item.pk for r in regels)
            if regels:
                result.delen.append((deel, regels))
    uitnodigingen = Teamuitnodiging.objects.filter(scan=scan)
    result.uitgenodigd = uitnodigingen.count()
    if result.gesloten and result.uitgenodigd:
        gereageerd = uitnodigingen.filter(
            Exists(Teamscore.objects.filter(uitnodiging=OuterRef("pk"), score__isnull=False))
        ).count()
        result.gereageerd = gereageerd if gereageerd >= result.minimum else None
    return result
