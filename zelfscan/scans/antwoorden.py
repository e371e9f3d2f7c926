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
from dataclasses import dataclass, field
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zelfscan.models import Ambitie, Antwoord, Historie, Kengetallen, Signaalantwoord, Zelfscan
from zelfscan.resultaten import samenvatting


class Weigering(Exception):
    """A refused write; ``message`` is for the user (translated), ``status`` for HTTP."""

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
            _("This scan is %(status)s and can no longer be changed.")
            % {"status": scan.get_status_display()}
        )


def check_may_fill(rechten, scan: Zelfscan):
    """Refuse, with the reason, a person who may not change this scan's answers now."""
    _check_editable(scan)
    if not rechten.mag_invullen(scan):
        raise AlleenLezen(_("Only the school's IB-er or directeur fills in the scan."))


def _conflict_bericht(row, door) -> str:
    """Who made the change a save collides with, where the row keeps it (an answer does; a
    signal, ambition or the kengetallen do not, and the message then says either)."""
    laatste = getattr(row, "gewijzigd_door_id", False)
    if laatste is not False and door is not None and laatste == door.pk:
        bericht = _(
            "You changed this yourself in the meantime, in another window or tab. Below "
            "is what is saved now; change it again if needed."
        )
    elif laatste is not False:
        bericht = _(
            "Someone else has changed this in the meantime. Below is what is saved now; "
            "change it again if needed."
        )
    else:
        bericht = _(
            "This has been changed in the meantime, by someone else or by you in another "
            "window or tab. Below is what is saved now; change it again if needed."
        )
    return bericht


def _versieregels(row, *, basisversie, wijziging, conflict) -> Opgeslagen | None:
    """The version rules every versioned write obeys: a change that names no version is
    refused; a retry of change ``wijziging`` is recognised (returned as stored already); a
    change made on another version is a conflict (``conflict()`` gives its message)."""
    if basisversie is None:
        raise Weigering(
            _(
                "This change does not say which version it was made on and has not been "
                "saved. Reload the page and make the change again."
            )
        )
    if wijziging is not None and getattr(row, "wijziging", None) == wijziging:
        return Opgeslagen(versie=row.versie, herhaald=True)
    if basisversie != row.versie:
        raise Conflict(conflict(), row)
    return None


def _record(row, *, scan, onderwerp, nieuw: dict, door, bron, wijziging, basisversie):
    """Apply ``nieuw`` to a locked row under the version rules; write one history row per
    changed field. Returns what was stored."""
    if herhaald := _versieregels(
        row, basisversie=basisversie, wijziging=wijziging,
        conflict=lambda: _conflict_bericht(row, door),
    ):  # fmt: skip
        return herhaald
    changed = {k: v for k, v in nieuw.items() if getattr(row, k) != v}
    if isinstance(row, Antwoord):
        # Any save by the school confirms a proposal taken over from last year: from then on
        # it counts (issue 29), also when its score stays what it was.
        oud = (row.score, row.nvt, row.uit_vorige_scan)
        na = (
            nieuw.get("score", row.score),
            nieuw.get("nvt", row.nvt),
            bron == Historie.Bron.VORIGE_SCAN,
        )
        if oud != na:
            samenvatting.verwerk_wijziging(scan_id=scan.pk, item_id=row.item_id, oud=oud, nieuw=na)
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
    row, _created = model.objects.select_for_update().get_or_create(scan=scan, **sleutel)
    return _record(row, scan=scan, **record)


def _txt(value) -> str:
    return "" if value is None else str(value)


@_in_transaction
def save_answer(
    *,
    scan: Zelfscan,
    item_id: int,
    door,
    score: int | None = None,
    nvt: bool = False,
    toelichting: str = "",
    teamreden: str | None = None,  # None: left as it is
    basisversie: int | None,  # None is refused
    wijziging: uuid.UUID | None = None,
    bron: str,
    toegestane_items: dict[int, bool],
    vergrendeld: bool = False,
) -> Opgeslagen:
    """Store the answer to one item, as checked by ``AntwoordForm``. ``toegestane_items``:
    the items this scan asks, each with whether the norm allows n.v.t. for it."""
    if item_id not in toegestane_items:
        raise Weigering(_("This item is not part of this scan."))
    if nvt and not toegestane_items[item_id]:
        raise Weigering(_("N.v.t. is not possible for this item; choose a score from 1 to 4."))
    nieuw = {"score": None if nvt else score, "nvt": nvt, "toelichting": toelichting}
    if teamreden is not None:
        nieuw["teamreden"] = teamreden
    return _store(
        Antwoord, {"item_id": item_id}, scan=scan, vergrendeld=vergrendeld,
        onderwerp=f"item:{item_id}", nieuw=nieuw,
        door=door, bron=bron, wijziging=wijziging, basisversie=basisversie,
    )  # fmt: skip


def bewaar_versie(rij, *, waarden: dict, basisversie, wijziging, conflict: str) -> Opgeslagen:
    """The version rules for a row that is not one of the school's answers (a colleague's
    rating, the consulent's view): no version is refused, a retry of change ``wijziging`` is
    recognised, another version is a conflict (message ``conflict``). The caller holds the
    lock; no history is written (these are no answers of the school)."""
    if herhaald := _versieregels(
        rij, basisversie=basisversie, wijziging=wijziging, conflict=lambda: conflict
    ):
        return herhaald
    for veld, waarde in waarden.items():
        setattr(rij, veld, waarde)
    rij.versie += 1
    rij.wijziging = wijziging
    rij.save()
    return Opgeslagen(versie=rij.versie)


@_in_transaction
def save_signal(
    *, scan, signaal_id: int, door, aangevinkt: bool, basisversie, wijziging=None, bron,
    toegestane_signalen, vergrendeld: bool = False,
) -> Opgeslagen:  # fmt: skip
    if signaal_id not in toegestane_signalen:
        raise Weigering(_("This signal is not part of this scan."))
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
        raise Weigering(_("This theme is not part of this scan."))
    nieuw = {"niveau": niveau, "expertise": expertise, "toelichting": toelichting}
    return _store(
        Ambitie, {"thema_id": thema_id}, scan=scan, vergrendeld=vergrendeld,
        onderwerp=f"ambitie:{thema_id}", nieuw=nieuw,
        door=door, bron=bron, wijziging=wijziging, basisversie=basisversie,
    )  # fmt: skip


@_in_transaction
def save_kengetallen(
    *, scan, door, waarden: dict, basisversie, bron, vergrendeld: bool = False
) -> Opgeslagen:
    """``waarden`` as checked by ``KengetallenForm``."""
    return _store(
        Kengetallen, {}, scan=scan, vergrendeld=vergrendeld, onderwerp="kengetallen",
        nieuw=waarden, door=door, bron=bron, wijziging=None, basisversie=basisversie,
    )  # fmt: skip


def onbevestigd(scan: Zelfscan) -> int:
    """How many answers taken over from last year the school has not confirmed or changed."""
    return Antwoord.objects.filter(scan=scan, uit_vorige_scan=True).count()


@transaction.atomic
def confirm_prefilled(*, scan: Zelfscan, door) -> int:
    """The school confirms, in one step and knowingly, every answer it took over from last
    year and has not yet confirmed or changed: each stays as it is, its version goes up (an
    open page elsewhere hears of it as of any change) and the history says who confirmed."""
    scan = _lock(scan, vergrendeld=False)
    rijen = list(Antwoord.objects.select_for_update().filter(scan=scan, uit_vorige_scan=True))
    nu = timezone.now()
    for rij in rijen:
        rij.uit_vorige_scan, rij.versie = False, rij.versie + 1
        rij.gewijzigd_door, rij.gewijzigd_op, rij.wijziging = door, nu, uuid.uuid4()
    Antwoord.objects.bulk_update(
        rijen, ["uit_vorige_scan", "versie", "gewijzigd_door", "gewijzigd_op", "wijziging"]
    )
    Historie.objects.bulk_create(
        Historie(scan=scan, onderwerp=f"item:{r.item_id}", veld="uit_vorige_scan", oud="True",
                 nieuw="False", door=door, bron=Historie.Bron.FORMULIER)
        for r in rijen
    )  # fmt: skip
    if rijen:
        samenvatting.herbereken(scan=scan)  # confirmed: from now on they count
    return len(rijen)


# --- one change, whatever the page or script that sends it

Soort = Literal["item", "signaal", "ambitie", "kengetallen"]
_RIJEN = {
    "item": (Antwoord, "item_id"),
    "signaal": (Signaalantwoord, "signaal_id"),
    "ambitie": (Ambitie, "thema_id"),
    "kengetallen": (Kengetallen, None),
}


@dataclass(frozen=True)
class Wijziging:
    """One change of one answer: its kind, the id of the item, signal or theme (none for the
    kengetallen), the values as its form checked them, the version it was made on, and the id
    the autosave script gives a change (so that a retry is recognised)."""

    soort: Soort
    ident: int | None
    waarden: dict = field(default_factory=dict)
    basisversie: int | None = None
    wijziging: uuid.UUID | None = None


def save_change(
    *, scan: Zelfscan, door, wijziging: Wijziging, bron: str, asked, vergrendeld: bool = False
) -> Opgeslagen:
    """Store one change through the save of its kind. ``asked``: what the scan asks
    (``structuur.toegestaan``)."""
    w = wijziging
    common = {"scan": scan, "door": door, "basisversie": w.basisversie, "bron": bron,
              "vergrendeld": vergrendeld}  # fmt: skip
    if w.soort == "item":
        return save_answer(item_id=w.ident, **w.waarden, wijziging=w.wijziging,
                           toegestane_items=asked.items, **common)  # fmt: skip
    if w.soort == "signaal":
        return save_signal(signaal_id=w.ident, **w.waarden, wijziging=w.wijziging,
                           toegestane_signalen=asked.signalen, **common)  # fmt: skip
    if w.soort == "ambitie":
        return save_ambition(thema_id=w.ident, **w.waarden, wijziging=w.wijziging,
                             toegestane_themas=asked.themas, **common)  # fmt: skip
    return save_kengetallen(waarden=w.waarden, **common)


def onveranderd(wijziging: Wijziging, huidig) -> bool:
    """Whether a change leaves the answer as stored: the same values, or, for an answer that
    was never given, nothing filled in."""
    if huidig is None:
        return not any(wijziging.waarden.values())
    return all(getattr(huidig, k) == v for k, v in wijziging.waarden.items())


def save_page(
    *, scan: Zelfscan, door, wijzigingen: list[Wijziging], asked, bevestigd: int | None = None
) -> dict[tuple[str, int | None], str]:
    """The save button of a page, which sends every answer on it: store each that changes
    something, and the prefilled answer the school confirms (``bevestigd``, an item id) even if
    unchanged. Each is stored on its own, so one refusal keeps the rest; returns the refusals
    by (kind, id)."""
    huidig = {}
    for soort, (model, sleutel) in _RIJEN.items():
        idents = [w.ident for w in wijzigingen if w.soort == soort]
        if not idents:
            continue
        rijen = model.objects.filter(scan=scan)
        if sleutel is not None:
            rijen = rijen.filter(**{f"{sleutel}__in": idents})
        for rij in rijen:
            huidig[(soort, getattr(rij, sleutel) if sleutel else None)] = rij
    problemen = {}
    for w in wijzigingen:
        bevestiging = w.soort == "item" and w.ident == bevestigd
        if onveranderd(w, huidig.get((w.soort, w.ident))) and not bevestiging:
            continue
        try:
            save_change(scan=scan, door=door, wijziging=w, bron=Historie.Bron.FORMULIER,
                        asked=asked)  # fmt: skip
        except Weigering as error:
            problemen[(w.soort, w.ident)] = error.message
    return problemen
