"""Evidence per indicator (issue 17, part 3): the rules for the files and links a school
attaches to an item, and last round's evidence offered again ("nog geldig?").

A file must be one of the kinds a school keeps its policy in (PDF, Word, Excel, OpenDocument,
PNG or JPEG), at most ``BEWIJS_MAX_MB`` megabytes, and what its name says: its first bytes are
read (``filetype``), as the imports read theirs, so a program renamed to ``.pdf`` is refused.
A link is http or https only. Only the school's IB-er or directeur adds or removes evidence,
while the scan is a concept; whoever sees the scan sees its evidence.

Last round's evidence is found by the item's group code and code (as last round's answers
are, ``vorig_jaar.py``). Taken over, it is the same stored file under a new row of this
round; a stored file is removed only when no row names it any more.

Erasure (issue 28, the AVG): a stored file goes with the last row that names it, however the
row goes (removed by the school, with its scan, with its school, by the retention job): once
the transaction commits, never before (a rollback brings the row back, and its file is still
there). Evidence of a round whose deadline lies more than ``BEWIJS_BEWAARDAGEN`` days back is
removed by ``ruim_op`` (the clean-up job), which also removes any stored file no row names.
"""

import datetime
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from zelfscan.access.rights import Rechten
from zelfscan.models import Bewijsstuk, Zelfscan
from zelfscan.scans.antwoorden import Weigering, check_may_fill
from zelfscan.scans.structuur import toegestaan
from zelfscan.scans.vorig_jaar import vorige_ronde

# The kinds of file, by the name's suffix: what the first bytes must show, and its name.
SOORTEN = {
    ".pdf": ("pdf", "PDF"),
    ".docx": ("docx", "Word"),
    ".doc": ("doc", "Word"),
    ".xlsx": ("xlsx", "Excel"),
    ".xls": ("xls", "Excel"),
    ".odt": ("odt", "OpenDocument"),
    ".ods": ("ods", "OpenDocument"),
    ".png": ("png", "PNG"),
    ".jpg": ("jpg", "JPEG"),
    ".jpeg": ("jpg", "JPEG"),
}
# Enough for a school's policy documents of one indicator, not a file share.
MEESTE_PER_ITEM = 20


def max_bytes() -> int:
    return settings.BEWIJS_MAX_MB * 1024 * 1024


def controleer_bestand(upload) -> str:
    """The content type of an acceptable upload; Weigering with the reason otherwise."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix not in SOORTEN:
        raise Weigering(
            _("Only PDF, Word, Excel, OpenDocument, PNG and JPEG files can be added as evidence.")
        )
    if upload.size > max_bytes():
        raise Weigering(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(max_bytes())}
        )
    upload.seek(0)
    soort = filetype.guess(upload.read(max_bytes() + 1))
    upload.seek(0)
    verwacht, naam = SOORTEN[suffix]
    if soort is None or soort.extension != verwacht:
        raise Weigering(
            _("This file is not a %(soort)s file, though its name says so.") % {"soort": naam}
        )
    return soort.mime


def _check(door, scan: Zelfscan, item_id: int) -> None:
    check_may_fill(Rechten.voor(door, scan), scan)
    if item_id not in toegestaan(scan).items:
        raise Weigering(_("This item is not part of this scan."))
    if Bewijsstuk.objects.filter(scan=scan, item_id=item_id).count() >= MEESTE_PER_ITEM:
        raise Weigering(
            _("An item holds at most %(n)s pieces of evidence.") % {"n": MEESTE_PER_ITEM}
        )


def _titel(titel: str, standaard: str) -> str:
    return (titel or "").strip() or standaard[:200]


@transaction.atomic
def voeg_bestand_toe(*, scan: Zelfscan, item_id: int, door, upload, titel: str) -> Bewijsstuk:
    _check(door, scan, item_id)
    inhoudstype = controleer_bestand(upload)
    naam = PurePosixPath(upload.name).name[-200:]
    bewijs = Bewijsstuk(
        school_id=scan.school_id, scan=scan, item_id=item_id, soort=Bewijsstuk.Soort.BESTAND,
        titel=_titel(titel, naam), bestandsnaam=naam, grootte=upload.size,
        inhoudstype=inhoudstype, toegevoegd_door=door,
    )  # fmt: skip
    # Stored under a random name (models/bewijs.py); if the transaction fails after this,
    # the file stays without a row, which costs space but exposes nothing.
    bewijs.bestand.save(naam, upload, save=False)
    bewijs.save()
    return bewijs


@transaction.atomic
def voeg_link_toe(*, scan: Zelfscan, item_id: int, door, url: str, titel: str) -> Bewijsstuk:
    _check(door, scan, item_id)
    return Bewijsstuk.objects.create(
        school_id=scan.school_id, scan=scan, item_id=item_id, soort=Bewijsstuk.Soort.LINK,
        titel=_titel(titel, url), url=url, toegevoegd_door=door,
    )  # fmt: skip


@transaction.atomic
def verwijder(*, bewijs: Bewijsstuk, door) -> None:
    """Remove evidence from this round's scan. Last round's row (and so the file it names)
    stays: it belongs to last round's scan. The file goes after the commit
    (``bestand_weg_na_commit``)."""
    check_may_fill(Rechten.voor(door, bewijs.scan), bewijs.scan)
    bewijs.delete()


def bestand_weg_na_commit(bewijs: Bewijsstuk) -> None:
    """Once the transaction that removed ``bewijs`` commits: its file, unless another row
    (evidence taken over into a later round) still names it. Connected to every removal of a
    row (``apps.py``): a cascade from a scan or a school as much as this module's own."""
    naam, storage = bewijs.bestand.name, bewijs.bestand.storage
    if not naam:
        return

    def weg():
        if not Bewijsstuk.objects.filter(bestand=naam).exists():
            storage.delete(naam)

    transaction.on_commit(weg)


# Files younger than this are never orphans: an upload stores its file just before its row.
WEES_NA = datetime.timedelta(hours=1)


def ruim_op(*, nu: datetime.datetime | None = None) -> dict[str, int]:
    """The evidence of rounds past the retention period (rows and, with the last row naming
    it, the file), and every stored file no row names (older than ``WEES_NA``)."""
    nu = nu or timezone.now()
    grens = nu.date() - datetime.timedelta(days=settings.BEWIJS_BEWAARDAGEN)
    with transaction.atomic():
        verlopen, _per_model = Bewijsstuk.objects.filter(scan__ronde__deadline__lt=grens).delete()
    storage = Bewijsstuk._meta.get_field("bestand").storage
    genoemd = set(Bewijsstuk.objects.exclude(bestand="").values_list("bestand", flat=True))
    wezen = 0
    for naam in _bestanden(storage, "bewijs"):
        if naam not in genoemd and storage.get_modified_time(naam) < nu - WEES_NA:
            storage.delete(naam)
            wezen += 1
    return {"bewijs_verlopen": verlopen, "bewijs_wezen": wezen}


def _bestanden(storage, map_: str):
    """Every stored file under ``map_`` (the file system's or the bucket's)."""
    try:
        mappen, bestanden = storage.listdir(map_)
    except FileNotFoundError:
        return
    for naam in bestanden:
        yield f"{map_}/{naam}"
    for sub in mappen:
        yield from _bestanden(storage, f"{map_}/{sub}")


@transaction.atomic
def neem_over(*, scan: Zelfscan, item_id: int, door, vorig: Bewijsstuk) -> Bewijsstuk:
    """Last round's evidence is still valid: it is this round's too (the same file). Taking
    it over twice keeps one (per item: a split item's parts each keep their own)."""
    _check(door, scan, item_id)
    bestaand = Bewijsstuk.objects.filter(scan=scan, overgenomen_van=vorig, item_id=item_id).first()
    if bestaand is not None:
        return bestaand
    return Bewijsstuk.objects.create(
        school_id=scan.school_id, scan=scan, item_id=item_id, soort=vorig.soort,
        titel=vorig.titel, bestand=vorig.bestand.name, bestandsnaam=vorig.bestandsnaam,
        grootte=vorig.grootte, inhoudstype=vorig.inhoudstype, url=vorig.url,
        overgenomen_van=vorig, toegevoegd_door=door,
    )  # fmt: skip


# --- reads


def per_item(scan: Zelfscan) -> dict[int, list[Bewijsstuk]]:
    """{item id: the scan's evidence}, in one query."""
    result: dict[int, list[Bewijsstuk]] = {}
    for bewijs in Bewijsstuk.objects.filter(scan=scan):
        result.setdefault(bewijs.item_id, []).append(bewijs)
    return result


@dataclass(frozen=True)
class Aanbod:
    """Last round's evidence of an item, offered again: still valid?"""

    bewijs: Bewijsstuk
    schooljaar: str


def van_vorige_ronde(user, scan: Zelfscan, items) -> dict[int, list[Aanbod]]:
    """{item id of this scan: last round's evidence of the indicator it descends from, not yet
    taken over} for items of one page; empty when the school had no scan last round or this
    person may not see it. Follows the concordantie: a split item is offered its parent's
    evidence, a merged one the evidence of each item it was merged from."""
    if not items or (vorige := vorige_ronde(user, scan)) is None:
        return {}
    overgenomen = set(
        Bewijsstuk.objects.filter(scan=scan, overgenomen_van__isnull=False).values_list(
            "overgenomen_van", "item_id"
        )
    )
    vorig = list(Bewijsstuk.objects.filter(scan_id=vorige.scan_id))
    opvolgers = vorige.concordantie.opvolgers({b.item_id for b in vorig}, [i.pk for i in items])
    result: dict[int, list[Aanbod]] = {}
    for bewijs in vorig:
        for pk in opvolgers.get(bewijs.item_id, []):
            if (bewijs.pk, pk) not in overgenomen:
                result.setdefault(pk, []).append(Aanbod(bewijs, vorige.schooljaar))
    return result
