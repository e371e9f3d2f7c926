"""Saving answers: the one way every path (form, autosave, prefill, import, admin) changes an
answer, so that every change is versioned and kept in the history.

A save names the version it was made on. The same version as stored: applied, the version goes
up. Another version: refused as a conflict, with the current value, so that nobody silently
overwrites a colleague. A save carries the id of the change; a retry of a change that was
already stored (its answer lost on the way) is recognised and not stored twice.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ijkpunten.models import Item, Risicosignaal
from zelfscan.models import Ambitie, Antwoord, Historie, Kengetallen, Signaalantwoord, Zelfscan

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
    if wijziging is not None and getattr(row, "wijziging", None) == wijziging:
        return Opgeslagen(versie=row.versie, herhaald=True)
    if basisversie is not None and basisversie != row.versie:
        raise Conflict(
            "Iemand anders heeft dit intussen gewijzigd. Hieronder staat wat nu is opgeslagen; "
            "pas het zo nodig opnieuw aan.",
            row,
        )
    changed = {k: v for k, v in nieuw.items() if getattr(row, k) != v}
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


def _txt(value) -> str:
    return "" if value is None else str(value)


def _clean_toelichting(text) -> str:
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_TOELICHTING:
        raise Weigering(
            f"De toelichting is {len(text)} tekens; er passen er hoogstens {MAX_TOELICHTING}."
        )
    return text


@transaction.atomic
def save_answer(
    *,
    scan: Zelfscan,
    item: Item,
    door,
    score=None,
    nvt: bool = False,
    toelichting: str = "",
    basisversie: int | None,
    wijziging: uuid.UUID | None = None,
    bron: str,
    toegestane_items: set[int],
) -> Opgeslagen:
    """Store the answer to one item. ``toegestane_items``: the items this scan asks."""
    if item.pk not in toegestane_items:
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
    if nvt and not item.nvt_toegestaan:
        raise Weigering("Bij dit item is n.v.t. niet mogelijk; kies een score van 1 tot en met 4.")
    if nvt:
        score = None
    toelichting = _clean_toelichting(toelichting)
    scan = Zelfscan.objects.select_for_update().get(pk=scan.pk)
    _check_editable(scan)
    row, _ = Antwoord.objects.get_or_create(scan=scan, item=item)
    row = Antwoord.objects.select_for_update().get(pk=row.pk)
    return _record(
        row,
        scan=scan,
        onderwerp=f"item:{item.pk}",
        nieuw={"score": score, "nvt": nvt, "toelichting": toelichting},
        door=door,
        bron=bron,
        wijziging=wijziging,
        basisversie=basisversie,
    )


@transaction.atomic
def save_signal(
    *, scan, signaal: Risicosignaal, door, aangevinkt: bool, basisversie, wijziging=None, bron,
    toegestane_signalen: set[int],
) -> Opgeslagen:  # fmt: skip
    if signaal.pk not in toegestane_signalen:
        raise Weigering("Dit signaal hoort niet bij deze zelfscan.")
    scan = Zelfscan.objects.select_for_update().get(pk=scan.pk)
    _check_editable(scan)
    row, _ = Signaalantwoord.objects.get_or_create(scan=scan, signaal=signaal)
    row = Signaalantwoord.objects.select_for_update().get(pk=row.pk)
    return _record(
        row,
        scan=scan,
        onderwerp=f"signaal:{signaal.pk}",
        nieuw={"aangevinkt": aangevinkt},
        door=door,
        bron=bron,
        wijziging=wijziging,
        basisversie=basisversie,
    )


@transaction.atomic
def save_ambition(
    *, scan, thema, door, niveau: str, expertise: str, toelichting: str, basisversie,
    wijziging=None, bron, toegestane_themas: set[int],
) -> Opgeslagen:  # fmt: skip
    if thema.pk not in toegestane_themas:
        raise Weigering("Dit thema hoort niet bij deze zelfscan.")
    if niveau not in Ambitie.Niveau.values and niveau != "":
        raise Weigering("Kies een ambitie: basisnorm, streefnorm of gespecialiseerd.")
    if expertise not in Ambitie.Expertise.values:
        raise Weigering("Kies of de school expertise brengt of zoekt.")
    toelichting = _clean_toelichting(toelichting)
    scan = Zelfscan.objects.select_for_update().get(pk=scan.pk)
    _check_editable(scan)
    row, _ = Ambitie.objects.get_or_create(scan=scan, thema=thema)
    row = Ambitie.objects.select_for_update().get(pk=row.pk)
    return _record(
        row,
        scan=scan,
        onderwerp=f"ambitie:{thema.pk}",
        nieuw={"niveau": niveau, "expertise": expertise, "toelichting": toelichting},
        door=door,
        bron=bron,
        wijziging=wijziging,
        basisversie=basisversie,
    )


@transaction.atomic
def save_kengetallen(*, scan, door, waarden: dict, basisversie, bron) -> Opgeslagen:
    """``waarden`` comes from a validated form (KengetallenForm)."""
    scan = Zelfscan.objects.select_for_update().get(pk=scan.pk)
    _check_editable(scan)
    row, _ = Kengetallen.objects.get_or_create(scan=scan)
    row = Kengetallen.objects.select_for_update().get(pk=row.pk)
    return _record(
        row,
        scan=scan,
        onderwerp="kengetallen",
        nieuw=waarden,
        door=door,
        bron=bron,
        wijziging=None,
        basisversie=basisversie,
    )
