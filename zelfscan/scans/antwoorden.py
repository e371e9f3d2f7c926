"""Saving answers: the one way every path (form, autosave, prefill, import, admin) changes an
answer, so that every change is versioned and kept in the history.

A save names the version it was made on. The same version as stored: applied, the version goes
up. Another version: refused as a conflict, with the current value, so that nobody silently
overwrites a colleague. No version at all: refused, whatever the path (a save that does not say
what it was made on could overwrite anything). A save carries the id of the change; a retry of
a change that was already stored (its answer lost on the way) is recognised and not stored
twice.
"""

import functools
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zelfscan.models import Ambitie, Antwoord, Historie, Kengetallen, Signaalantwoord, Zelfscan
from zelfscan.resultaten import samenvatting

MAX_TOELICHTING = 5000


class Weigering(Exception):
    """A save that is refused; ``message`` is for the user (Dutch), ``status`` for HTTP."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Conflict(Weigering):
    status = 409

    def __init__(self, message: str, current):
        super().__init__(message)
        self.current = current


class AlleenLezen(Weigering):
    status = 403


@dataclass
class Opgeslagen:
    versie: int
    herhaald: bool = False  # a retry of a change that was stored already


def _in_transaction(func):
    """Run a save in a transaction of its own, unless the caller says it holds the scan's
    lock in its own transaction (``vergrendeld=True``): then the save joins that one, and
    costs no savepoint."""

    @functools.wraps(func)
    def wrapper(*args, vergrendeld: bool = False, **kwargs):
        if vergrendeld:
            if not transaction.get_connection().in_atomic_block:
                raise RuntimeError("vergrendeld=True needs the caller's transaction")
            return func(*args, vergrendeld=True, **kwargs)
        with transaction.atomic():
            return func(*args, vergrendeld=False, **kwargs)

    return wrapper


def _lock(scan: Zelfscan, vergrendeld: bool) -> Zelfscan:
    """The scan, locked for this transaction: a status change cannot slip in between the
    check and the write. A caller that fetched it with select_for_update says so."""
    if not vergrendeld:
        scan = Zelfscan.objects.select_for_update().only("pk", "status").get(pk=scan.pk)
    _check_editable(scan)
    return scan


def _check_editable(scan: Zelfscan):
    if scan.status != Zelfscan.Status.CONCEPT:
        raise AlleenLezen(
            f"Deze zelfscan is {scan.get_status_display()} en kan niet meer worden gewijzigd."
        )


def check_may_fill(rechten, scan: Zelfscan):
    """Refuse, with the reason, a person who may not change this scan's answers now."""
    _check_editable(scan)
    if not rechten.mag_invullen(scan):
        raise AlleenLezen("Alleen de intern begeleider of directeur van de school vult de scan in.")


def _record(row, *, scan, onderwerp, nieuw: dict, door, bron, wijziging, basisversie):
    """Apply ``nieuw`` to a locked row under the version rules; write one history row per
    changed field. Returns what was stored."""
    if basisversie is None:
        raise Weigering(
            "Deze wijziging zegt niet op welke versie zij is gemaakt en is daarom niet "
            "opgeslagen. Laad de pagina opnieuw en voer de wijziging nog eens in."
        )
    if wijziging is not None and getattr(row, "wijziging", None) == wijziging:
        return Opgeslagen(versie=row.versie, herhaald=True)
    if basisversie is not None and basisversie != row.versie:
        raise Conflict(
            "Iemand anders heeft dit intussen gewijzigd. Hieronder staat wat nu is opgeslagen; "
            "pas het zo nodig opnieuw aan.",
            row,
        )
    changed = {k: v for k, v in nieuw.items() if getattr(row, k) != v}
    if isinstance(row, Antwoord) and changed.keys() & {"score", "nvt"}:
        samenvatting.verwerk_wijziging(
            scan_id=scan.pk,
            item_id=row.item_id,
            oud=(row.score, row.nvt),
            nieuw=(nieuw["score"], nieuw["nvt"]),
        )
    Historie.objects.bulk_create(
        Historie(
            scan=scan,
            onderwerp=onderwerp,
            veld=k,
            oud=_txt(getattr(row, k)),
            nieuw=_txt(v),
            door=door,
            bron=bron,
        )
        for k, v in changed.items()
    )
    for k, v in changed.items():
        setattr(row, k, v)
    row.versie += 1
    fields = [*changed, "versie"]
    if hasattr(row, "wijziging"):
        row.wijziging = wijziging or uuid.uuid4()
        fields.append("wijziging")
    if isinstance(row, Antwoord):
        row.uit_vorige_scan = bron == Historie.Bron.VORIGE_SCAN
        row.gewijzigd_door = door
        row.gewijzigd_op = timezone.now()
        fields += ["uit_vorige_scan", "gewijzigd_door", "gewijzigd_op"]
    row.save(update_fields=fields)
    return Opgeslagen(versie=row.versie)


def _store(model, sleutel: dict, *, scan, vergrendeld: bool, **record) -> Opgeslagen:
    """The scan locked (no status change slips in between), then the answer's row, locked with
    the read (two saves of one answer wait for each other here), then the version rules."""
    scan = _lock(scan, vergrendeld)
    row, _ = model.objects.select_for_update().get_or_create(scan=scan, **sleutel)
    return _record(row, scan=scan, **record)


def tekstveld(waarde, veld: str, maximum: int, *, verplicht: bool = True) -> str:
    """A text from a form, trimmed, refused in Dutch when empty (if required) or too long."""
    waarde = (waarde or "").replace("\r\n", "\n").strip()
    if verplicht and not waarde:
        raise Weigering(f"Vul {veld} in.")
    if len(waarde) > maximum:
        raise Weigering(f"{veld.capitalize()} is {len(waarde)} tekens; er passen er {maximum}.")
    return waarde


def _txt(value) -> str:
    return "" if value is None else str(value)


def _clean_toelichting(text) -> str:
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_TOELICHTING:
        raise Weigering(
            f"De toelichting is {len(text)} tekens; er passen er hoogstens {MAX_TOELICHTING}."
        )
    return text


@_in_transaction
def save_answer(
    *,
    scan: Zelfscan,
    item_id: int,
    door,
    score=None,
    nvt: bool = False,
    toelichting: str = "",
    basisversie: int | None,  # None is refused
    wijziging: uuid.UUID | None = None,
    bron: str,
    toegestane_items: dict[int, bool],
    vergrendeld: bool = False,
) -> Opgeslagen:
    """Store the answer to one item. ``toegestane_items``: the items this scan asks, each with
    whether the norm allows n.v.t. for it."""
    if item_id not in toegestane_items:
        raise Weigering("Dit item hoort niet bij deze zelfscan.")
    if score in ("", None):
        score = None
    else:
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 4:
            raise Weigering("Kies een score van 1 tot en met 4.")
    if nvt and not toegestane_items[item_id]:
        raise Weigering("Bij dit item is n.v.t. niet mogelijk; kies een score van 1 tot en met 4.")
    if nvt:
        score = None
    return _store(
        Antwoord, {"item_id": item_id}, scan=scan, vergrendeld=vergrendeld,
        onderwerp=f"item:{item_id}",
        nieuw={"score": score, "nvt": nvt, "toelichting": _clean_toelichting(toelichting)},
        door=door, bron=bron, wijziging=wijziging, basisversie=basisversie,
    )  # fmt: skip


@_in_transaction
def save_signal(
    *, scan, signaal_id: int, door, aangevinkt: bool, basisversie, wijziging=None, bron,
    toegestane_signalen, vergrendeld: bool = False,
) -> Opgeslagen:  # fmt: skip
    if signaal_id not in toegestane_signalen:
        raise Weigering("Dit signaal hoort niet bij deze zelfscan.")
    return _store(
        Signaalantwoord, {"signaal_id": signaal_id}, scan=scan, vergrendeld=vergrendeld,
        onderwerp=f"signaal:{signaal_id}", nieuw={"aangevinkt": aangevinkt},
        door=door, bron=bron, wijziging=wijziging, basisversie=basisversie,
    )  # fmt: skip


@_in_transaction
def save_ambition(
    *, scan, thema_id: int, door, niveau: str, expertise: str, toelichting: str, basisversie,
    wijziging=None, bron, toegestane_themas, vergrendeld: bool = False,
) -> Opgeslagen:  # fmt: skip
    if thema_id not in toegestane_themas:
        raise Weigering("Dit thema hoort niet bij deze zelfscan.")
    if niveau not in Ambitie.Niveau.values and niveau != "":
        raise Weigering("Kies een ambitie: basisnorm, streefnorm of gespecialiseerd.")
    if expertise not in Ambitie.Expertise.values:
        raise Weigering("Kies of de school expertise brengt of zoekt.")
    nieuw = {
        "niveau": niveau,
        "expertise": expertise,
        "toelichting": _clean_toelichting(toelichting),
    }
    return _store(
        Ambitie, {"thema_id": thema_id}, scan=scan, vergrendeld=vergrendeld,
        onderwerp=f"ambitie:{thema_id}", nieuw=nieuw,
        door=door, bron=bron, wijziging=wijziging, basisversie=basisversie,
    )  # fmt: skip


@_in_transaction
def save_kengetallen(
    *, scan, door, waarden: dict, basisversie, bron, vergrendeld: bool = False
) -> Opgeslagen:
    """``waarden`` comes from a validated form (KengetallenForm)."""
    return _store(
        Kengetallen, {}, scan=scan, vergrendeld=vergrendeld, onderwerp="kengetallen",
        nieuw=waarden, door=door, bron=bron, wijziging=None, basisversie=basisversie,
    )  # fmt: skip
