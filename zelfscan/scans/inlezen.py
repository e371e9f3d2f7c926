"""Past scans read in (issue 18, part 2): the scores of rounds before the application, from
the spreadsheets the SWV kept, in a template the application hands out. Checked like every
import (a Dutch message per row and column, nothing written on an error); written as a
completed scan per school and year, marked as read in, with every answer in the history as
an import. Each school's scans are then chained again (``Zelfscan.vorige``), so the trend and
the comparison with last year work from the first round read in.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ijkpunten.models import Item
from zelfscan.models import (
    Antwoord,
    Historie,
    Kengetallen,
    Samenwerkingsverband,
    Scanronde,
    School,
    Zelfscan,
)
from zelfscan.resultaten import samenvatting
from zelfscan.scans.structuur import gevraagd

KOLOMMEN = ("brin", "vestigingsnummer", "schooljaar", "onderdeel", "item", "score", "toelichting")
_SCHOOLJAAR = re.compile(r"^(20\d\d)-(20\d\d)$")
_TOELICHTING = Antwoord._meta.get_field("toelichting").max_length


def _items(normkader):
    return list(
        Item.objects.filter(groep__normkader=normkader)
        .select_related("groep")
        .order_by("groep__soort", "groep__nummer", "volgorde")
    )


def _gevraagd(item, school: School) -> bool:
    soort = SimpleNamespace(soort=school.soort, sector=school.sector)
    return item.groep.sector in ("", school.sector) and gevraagd(
        item.alleen_sbo, item.sector, soort
    )


SJABLOONKOLOMMEN = (*KOLOMMEN, "tekst")


def sjabloonrijen(*, swv: Samenwerkingsverband, normkader):
    """The template's rows (``SJABLOONKOLOMMEN``): one per item asked of each active school of
    the SWV, with the school year, score and note left empty."""
    items = _items(normkader)
    for school in swv.scholen.filter(actief=True).order_by("naam"):
        for item in items:
            if _gevraagd(item, school):
                yield [school.brin, school.vestigingsnummer, "", item.groep.code, item.code,
                       "", "", item.tekst[:200]]  # fmt: skip


def sjabloon(*, swv: Samenwerkingsverband, normkader) -> bytes:
    """An XLSX with the template's rows: the SWV fills in the school year and, per item, the
    score (1–4 or nvt) and the note."""
    boek = Workbook(write_only=True)
    blad = boek.create_sheet("scores")
    blad.append(list(SJABLOONKOLOMMEN))
    for rij in sjabloonrijen(swv=swv, normkader=normkader):
        blad.append(rij)
    uitleg = boek.create_sheet("uitleg")
    for regel in (
        _("Fill in per school the school year (e.g. 2023-2024) and per item the score: 1, 2, "
          "3, 4 or nvt (where the norm allows it). A row without a score and note is skipped."),
        _("For a second year, copy the school's rows and give them the other year."),
        _("The column 'tekst' is there to read; it is not read in."),
    ):  # fmt: skip
        uitleg.append([regel])
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


@dataclass
class Scan:
    """One school's scores of one year, as read."""

    school: School
    schooljaar: str
    antwoorden: list = field(default_factory=list)  # (item, score, nvt, toelichting)


@dataclass
class Controle:
    scans: list[Scan]
    fouten: list[str]

    @property
    def ok(self) -> bool:
        return not self.fouten and bool(self.scans)


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    return str(waarde).strip()


def controleer(dataset, *, swv: Samenwerkingsverband, normkader) -> Controle:
    """Every row checked; a message per row and column."""
    if ontbreekt := [k for k in KOLOMMEN if k not in dataset.headers]:
        return Controle([], [_("Column missing: %(k)s.") % {"k": ", ".join(ontbreekt)}])
    scholen = {(s.brin, s.vestigingsnummer): s for s in swv.scholen.all()}
    items = {(i.groep.code, i.code): i for i in _items(normkader)}
    bestaand = set(
        Zelfscan.objects.filter(school__swv=swv).values_list("school_id", "ronde__schooljaar")
    )
    rondes = dict(Scanronde.objects.filter(swv=swv).values_list("schooljaar", "normkader_id"))
    scans: dict[tuple, Scan] = {}
    gezien, fouten = set(), []

    def fout(regel, kolom, bericht):
        fouten.append(
            _("Line %(regel)s, column %(kolom)s: %(bericht)s")
            % {"regel": regel, "kolom": kolom, "bericht": bericht}
        )

    for regel, rij in enumerate(dataset.dict, start=2):
        waarden = {k: _tekst(rij.get(k)) for k in KOLOMMEN}
        if not waarden["score"] and not waarden["toelichting"]:
            continue  # a row of the template left empty
        brin, nummer = waarden["brin"].upper(), waarden["vestigingsnummer"].zfill(2)
        school = scholen.get((brin, nummer))
        if school is None:
            fout(regel, "brin", _("school %(code)s is not a school of this SWV")
                 % {"code": f"{brin}{nummer}"})  # fmt: skip
            continue
        jaar = waarden["schooljaar"]
        m = _SCHOOLJAAR.match(jaar)
        if not m or int(m[2]) != int(m[1]) + 1:
            fout(regel, "schooljaar", _("give a school year such as 2023-2024"))
            continue
        if (school.pk, jaar) in bestaand:
            fout(regel, "schooljaar", _("%(school)s already has a scan in %(jaar)s")
                 % {"school": school.naam, "jaar": jaar})  # fmt: skip
            continue
        if jaar in rondes and rondes[jaar] != normkader.pk:
            fout(regel, "schooljaar", _("the round %(jaar)s uses another version of the norm")
                 % {"jaar": jaar})  # fmt: skip
            continue
        item = items.get((waarden["onderdeel"], waarden["item"]))
        if item is None:
            fout(regel, "item", _("unknown item %(onderdeel)s / %(item)s")
                 % {"onderdeel": waarden["onderdeel"], "item": waarden["item"]})  # fmt: skip
            continue
        if not _gevraagd(item, school):
            fout(regel, "item", _("%(item)s is not asked of this school") % {"item": item.code})
            continue
        score, nvt = None, False
        if waarden["score"].lower() in ("nvt", "n.v.t."):
            if not item.nvt_toegestaan:
                fout(regel, "score", _("n.v.t. is not possible for %(item)s") % {"item": item.code})
                continue
            nvt = True
        elif waarden["score"]:
            if waarden["score"] not in ("1", "2", "3", "4"):
                fout(regel, "score", _("give 1, 2, 3, 4 or nvt"))
                continue
            score = int(waarden["score"])
        if len(waarden["toelichting"]) > _TOELICHTING:
            fout(regel, "toelichting", _("at most %(n)s characters") % {"n": _TOELICHTING})
            continue
        sleutel = (school.pk, jaar, item.pk)
        if sleutel in gezien:
            fout(regel, "item", _("%(item)s of %(school)s in %(jaar)s is in the file twice")
                 % {"item": item.code, "school": school.naam, "jaar": jaar})  # fmt: skip
            continue
        gezien.add(sleutel)
        scan = scans.setdefault((school.pk, jaar), Scan(school, jaar))
        scan.antwoorden.append((item, score, nvt, waarden["toelichting"]))
    if not scans and not fouten:
        fouten.append(_("The file holds no scores."))
    geordend = sorted(scans.values(), key=lambda s: (s.school.naam, s.schooljaar))
    return Controle(geordend, fouten)


@transaction.atomic
def lees_in(*, swv: Samenwerkingsverband, normkader, dataset, door) -> Controle:
    """Check, and write only when every row is right."""
    controle = controleer(dataset, swv=swv, normkader=normkader)
    if not controle.ok:
        return controle
    nu = timezone.now()
    for gelezen in controle.scans:
        eind = int(gelezen.schooljaar[5:])
        ronde, _nieuw = Scanronde.objects.get_or_create(
            swv=swv, schooljaar=gelezen.schooljaar,
            defaults={"normkader": normkader, "onderdelen": list(Scanronde.Onderdeel.values),
                      "deadline": datetime.date(eind, 7, 31)},
        )  # fmt: skip
        scan = Zelfscan.objects.create(
            ronde=ronde, school=gelezen.school, soort=gelezen.school.soort,
            status=Zelfscan.Status.AFGEROND, ingelezen_op=nu,
        )  # fmt: skip
        Kengetallen.objects.create(scan=scan)
        Antwoord.objects.bulk_create(
            Antwoord(scan=scan, item=item, score=score, nvt=nvt, toelichting=toelichting,
                     versie=1, gewijzigd_door=door, gewijzigd_op=nu)
            for item, score, nvt, toelichting in gelezen.antwoorden
        )  # fmt: skip
        Historie.objects.bulk_create(
            Historie(scan=scan, onderwerp=f"item:{item.pk}", veld="score", oud="",
                     nieuw="nvt" if nvt else str(score or ""), door=door,
                     bron=Historie.Bron.IMPORT)
            for item, score, nvt, _toelichting in gelezen.antwoorden
        )  # fmt: skip
        samenvatting.herbereken(scan=scan)
    _keten(school_ids={s.school.pk for s in controle.scans})
    return controle


def _keten(*, school_ids) -> None:
    """Each scan's previous scan is the school's scan of the round before it."""
    per_school: dict[int, list] = {}
    for scan in (
        Zelfscan.objects.filter(school__in=school_ids)
        .only("pk", "school_id", "vorige_id")
        .order_by("school_id", "ronde__schooljaar")
    ):
        per_school.setdefault(scan.school_id, []).append(scan)
    anders = []
    for scans in per_school.values():
        for vorige, scan in zip([None, *scans], scans, strict=False):
            if scan.vorige_id != (vorige.pk if vorige else None):
                scan.vorige = vorige
                anders.append(scan)
    Zelfscan.objects.bulk_update(anders, ["vorige"])
