"""The per-scan summary (``Groepsresultaat``): counts per scan and group, kept current by
every path that changes an answer, so that results pages read a few rows per school instead of
every answer in the city.

- ``maak_aan``: the rows of new scans (every group of the round, and the whole scan);
- ``verwerk_wijziging``: one changed answer moves its counts, in one UPDATE, inside the
  transaction that stores the answer;
- ``herbereken``: the rows of a scan counted again from its answers (after a bulk write such as
  a prefill, and by the ``samenvatting_bijwerken`` command that checks them all).
"""

from collections.abc import Iterable

from django.db.models import F, Q

from zelfscan.models import Antwoord, Groepsresultaat, Zelfscan
from zelfscan.resultaten import rekenregels as regels
from zelfscan.scans.structuur import indeling

SCORE_VELDEN = {1: "n1", 2: "n2", 3: "n3", 4: "n4"}


def _veld(score, nvt, voorstel=False) -> str | None:
    """The count an answer moves; none for a proposal taken over from last year and not yet
    confirmed (issue 29: it counts nowhere until the school says so)."""
    if voorstel:
        return None
    if nvt:
        return "nvt"
    return SCORE_VELDEN.get(score)


def _rijen(scan: Zelfscan, antwoorden: dict, ronde=None) -> list[Groepsresultaat]:
    """The rows of one scan: one per group it is asked and one for the whole scan.
    ``antwoorden``: item id -> (score, nvt)."""
    groepen = indeling(ronde or scan.ronde).voor(scan)
    rijen = []
    alle_items = {}
    for groep_id, items in [*groepen.items(), (None, None)]:
        if groep_id is None:
            items = tuple(alle_items.items())
        else:
            alle_items.update(items)
        rij = Groepsresultaat(scan=scan, groep_id=groep_id, items=len(items))
        for item_id, asked in items:
            if not asked:
                rij.niet_gevraagd += 1
                continue
            veld = _veld(*antwoorden.get(item_id, (None, False)))
            if veld:
                setattr(rij, veld, getattr(rij, veld) + 1)
        rijen.append(rij)
    return rijen


def _antwoorden(scan: Zelfscan) -> dict:
    """item id -> (score, nvt) of a scan's answers that count (confirmed)."""
    return {
        item_id: (score, nvt)
        for item_id, score, nvt in Antwoord.objects.filter(scan=scan)
        .bevestigd()
        .values_list("item_id", "score", "nvt")
    }


def maak_aan(*, scans: Iterable[Zelfscan], ronde) -> int:
    """Rows for scans that have no answers yet (a round just opened, a school added)."""
    rijen = [rij for scan in scans for rij in _rijen(scan, {}, ronde)]
    Groepsresultaat.objects.bulk_create(rijen, batch_size=2000)
    return len(rijen)


def herbereken(*, scan: Zelfscan) -> None:
    """Count a scan's rows again from its answers."""
    antwoorden = _antwoorden(scan)
    Groepsresultaat.objects.filter(scan=scan).delete()
    Groepsresultaat.objects.bulk_create(_rijen(scan, antwoorden))


# Item id -> the groups it counts in. Scans only use a vastgesteld Normkader, whose items never
# change, so this can be kept for the life of the process; it spares the hot path a join.
_GROEPEN_VAN_ITEM: dict[int, tuple[int, ...]] = {}


def _groepen_van(item_id: int) -> tuple[int, ...]:
    if item_id not in _GROEPEN_VAN_ITEM:
        from ijkpunten.models import Item

        rijen = Item.objects.filter(pk=item_id).values_list("groep_id", "ook_in_groepen")
        _GROEPEN_VAN_ITEM[item_id] = tuple(
            sorted({g for rij in rijen for g in rij if g is not None})
        )
    return _GROEPEN_VAN_ITEM[item_id]


def verwerk_wijziging(*, scan_id: int, item_id: int, oud: tuple, nieuw: tuple) -> None:
    """Move the counts of one answer that changed from ``oud`` to ``nieuw`` (score, nvt and
    whether it is an unconfirmed proposal, which counts nowhere) in
    the scan's row and in the row of every group the item counts in (shared items count in
    more than one), in one UPDATE on the (scan, group) index. The caller holds the scan's
    lock, so two changes cannot interleave."""
    delta = {}
    if veld := _veld(*oud):
        delta[veld] = delta.get(veld, 0) - 1
    if veld := _veld(*nieuw):
        delta[veld] = delta.get(veld, 0) + 1
    delta = {veld: d for veld, d in delta.items() if d}
    if not delta:
        return
    Groepsresultaat.objects.filter(scan_id=scan_id).filter(
        Q(groep__isnull=True) | Q(groep_id__in=_groepen_van(item_id))
    ).update(**{veld: F(veld) + d for veld, d in delta.items()})


def verschillen(*, scan: Zelfscan) -> list[str]:
    """Where a scan's stored rows differ from a count from its answers (empty: none)."""
    antwoorden = _antwoorden(scan)
    velden = regels.TELVELDEN
    verwacht = {r.groep_id: tuple(getattr(r, v) for v in velden) for r in _rijen(scan, antwoorden)}
    opgeslagen = {
        r.groep_id: tuple(getattr(r, v) for v in velden)
        for r in Groepsresultaat.objects.filter(scan=scan)
    }
    return [
        f"groep {groep_id or 'totaal'}: opgeslagen {opgeslagen.get(groep_id)}, geteld {waarden}"
        for groep_id, waarden in verwacht.items()
        if opgeslagen.get(groep_id) != waarden
    ] + [f"groep {g}: hoort niet bij de scan" for g in opgeslagen.keys() - verwacht.keys()]
