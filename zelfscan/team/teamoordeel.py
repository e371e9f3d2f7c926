"""What the team thinks of an item, counted: the rules of the team's view, in one place.

Issue 17 and DESIGN.md ("Team and evidence") fix what is shown: per item how many rated it;
from at least 3 ratings (``TEAM_MINIMUM_BEOORDELINGEN``) the distribution over the scale, the
median and how far the team disagrees; never a rater's name beside a rating; and where the
school's own score differs from the team's median by a whole point or more, the school gives
its reason. The sources are silent on how disagreement is measured: here it is the spread
(population standard deviation) of the ratings, strong from ``TEAM_ONENIGHEID_TIENDEN``/10
point on (a setting, explained on the page "Hoe wordt er gerekend?").

The team stays anonymous by any sequence of the school's own actions (issue 28). The school
invites, withdraws, sends links again and changes parts; were the view live, comparing it
before and after one such step (or over time, as one colleague rates) would tell what that
person rated, or whether they did. So:

- the team's view shows nothing, not even a count, while the rating window is open;
- the school closes the window (``sluit``), once and for good: the links stop working and no
  invitation can be added, withdrawn or sent again, so the view never changes after it;
- every rating given counts, also of a link withdrawn or expired since (withdrawing stops
  further rating, it does not take back what was given);
- per item, the count and the distribution, median, spread and notes only from
  ``TEAM_MINIMUM_BEOORDELINGEN`` ratings on; below it only "fewer than that".

The school submits its scan only after closing the window (``zelfscan/scans/workflow.py``).
Explained on "Hoe wordt er gerekend?". Team ratings never enter a roll-up: nothing in
``zelfscan/resultaten/`` reads them.
"""

import statistics
from dataclasses import dataclass

from django.conf import settings

from zelfscan.models import Teamscore, Zelfscan

# The school's score differs from the team's median "by a whole point or more" (issue 17).
AFWIJKING = 1


def minimum() -> int:
    return settings.TEAM_MINIMUM_BEOORDELINGEN


def onenigheid_vanaf() -> float:
    return settings.TEAM_ONENIGHEID_TIENDEN / 10


@dataclass(frozen=True)
class Teamoordeel:
    """The team's ratings of one item. Below the minimum nothing but that is known to whoever
    looks: the count is None, and so are the distribution, median, spread and notes."""

    aantal: int | None  # ratings with a score, from the minimum on
    verdeling: tuple[int, int, int, int] | None = None  # how many rated 1, 2, 3, 4
    mediaan: float | None = None
    spreiding: float | None = None
    # The notes, in alphabetical order (never in the order the colleagues were invited).
    toelichtingen: tuple[str, ...] = ()

    @classmethod
    def uit(cls, scores: list[int], toelichtingen: list[str]) -> "Teamoordeel":
        if len(scores) < minimum():
            return cls(aantal=None)
        return cls(
            aantal=len(scores),
            verdeling=tuple(scores.count(w) for w in (1, 2, 3, 4)),
            mediaan=statistics.median(scores),
            spreiding=statistics.pstdev(scores),
            toelichtingen=tuple(sorted(t for t in toelichtingen if t)),
        )

    @property
    def getoond(self) -> bool:
        return self.verdeling is not None

    @property
    def sterke_onenigheid(self) -> bool:
        # Rounded as shown, so that the page's "1,0" and the list agree.
        return self.spreiding is not None and round(self.spreiding, 1) >= onenigheid_vanaf()

    def wijkt_af(self, score: int | None) -> bool:
        """The school's score differs a whole point or more from the team's median."""
        return score is not None and self.mediaan is not None and abs(score - self.mediaan) >= 1


def gesloten(scan: Zelfscan) -> bool:
    return scan.team_gesloten_op is not None


def teamoordelen(scan: Zelfscan) -> dict[int, Teamoordeel]:
    """{item id: the team's view} for every item a colleague rated or wrote on, in one query
    whatever the number of raters; nothing while the rating window is open."""
    if not gesloten(scan):
        return {}
    scores: dict[int, list[int]] = {}
    notes: dict[int, list[str]] = {}
    for item_id, score, toelichting in Teamscore.objects.filter(uitnodiging__scan=scan).values_list(
        "item_id", "score", "toelichting"
    ):
        scores.setdefault(item_id, [])
        if score is not None:
            scores[item_id].append(score)
        notes.setdefault(item_id, []).append(toelichting)
    return {pk: Teamoordeel.uit(scores[pk], notes[pk]) for pk in scores}


def afwijkingen_zonder_reden(antwoorden, oordelen) -> list[int]:
    """The items where the school's score differs from its team's and no reason is given."""
    return [
        pk
        for pk, oordeel in oordelen.items()
        if (a := antwoorden.get(pk)) is not None
        and oordeel.wijkt_af(a.score)
        and not a.teamreden.strip()
    ]
