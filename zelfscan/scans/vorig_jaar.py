"""Last round's answers beside this round's items, so a school scores with last year in sight
(issue 14). An item is found by its group's code and its own code, not by id: a round on a newer
version of the norm still finds last year's answer to the same indicator."""

from dataclasses import dataclass

from zelfscan.models import Antwoord, Zelfscan
from zelfscan.scans.structuur import Deel


@dataclass(frozen=True)
class VorigAntwoord:
    schooljaar: str
    score: int | None
    nvt: bool
    toelichting: str


def vorig_schooljaar(user, scan: Zelfscan) -> str | None:
    """The school year of the school's previous scan, if there is one and this person may see
    it (one query; none without a previous scan)."""
    if scan.vorige_id is None:
        return None
    return (
        Zelfscan.objects.for_user(user)
        .filter(pk=scan.vorige_id)
        .values_list("ronde__schooljaar", flat=True)
        .first()
    )


def item_sleutels(deel: Deel, items) -> dict[tuple[str, str], int]:
    """{(group code, item code): item id} of items shown on a page: how last round's answer,
    evidence or development point finds the same indicator in this round's norm."""
    code_van_groep = {g.pk: g.code for g in deel.groepen}
    # A shared item is shown in another group than its own; it is known by its own group.
    return {(code_van_groep.get(i.groep_id) or i.groep.code, i.code): i.pk for i in items}


def vorige_antwoorden(user, scan: Zelfscan, deel: Deel, items) -> dict[int, VorigAntwoord]:
    """{item id of this scan: last round's answer} for the items of one page, in two queries;
    empty when the school had no scan last round or this person may not see it."""
    if not items or (vorige := vorig_schooljaar(user, scan)) is None:
        return {}
    sleutels = item_sleutels(deel, items)
    rijen = (
        Antwoord.objects.filter(
            scan_id=scan.vorige_id,
            item__groep__code__in={g for g, _c in sleutels},
            item__code__in={c for _g, c in sleutels},
        )
        .exclude(score__isnull=True, nvt=False, toelichting="")
        .values_list("item__groep__code", "item__code", "score", "nvt", "toelichting")
    )
    result = {}
    for groep, code, score, nvt, toelichting in rijen:
        if (pk := sleutels.get((groep, code))) is not None:
            result[pk] = VorigAntwoord(vorige, score, nvt, toelichting)
    return result
