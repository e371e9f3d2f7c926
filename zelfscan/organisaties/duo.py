"""Schools straight from DUO's open data (issue 18, part 3): the file of all vestigingen as
DUO hands it out, and its pupils per vestiging, turned into rows of the school import
(``import_resources.SchoolResource``), so that the preview, the checks and the confirmed
write are the ones every school import has.

DUO's files come in two shapes: semicolon-separated or comma-separated with quoted cells,
UTF-8 or Latin-1 (Windows-1252), with upper-case column names (``BEVOEGD GEZAG NUMMER``,
``INSTELLINGSCODE``, ``VESTIGINGSCODE``, ``VESTIGINGSNAAM``, ``GEMEENTENAAM``, ...) and many
columns the application does not use. Only the SWV's schools are taken: those in its
gemeenten, or those with one of the codes given.

What DUO decides and what the SWV does:
- DUO: the school's board (by bevoegd-gezagnummer; a board not known yet is made), its kind
  (SBO and SO from ``SOORT PO``; every school of a VO SWV is vo) and, from the pupils file,
  its number of pupils;
- the SWV: a school's name (DUO writes names in capitals; a new school gets DUO's name,
  an existing school keeps the SWV's) and its wijk (DUO has none: an existing school keeps
  its own, a new primary school gets the wijk the SWV chooses for new schools).
"""

import csv
import io
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from zelfscan.models import Bestuur, Samenwerkingsverband, School, Sector, Wijk
from zelfscan.organisaties.importing import run_import
from zelfscan.organisaties.uploads import UploadError, decode_text
from zelfscan.scans.workflow import ensure_scans_for_swv

# The columns of DUO's file of all vestigingen the import needs.
VERPLICHT = ("INSTELLINGSCODE", "VESTIGINGSCODE", "VESTIGINGSNAAM", "BEVOEGD GEZAG NUMMER",
             "GEMEENTENAAM")  # fmt: skip
# DUO's column for the kind of a primary school, and what its values mean here.
SOORT_PO = "SOORT PO"
_SOORTEN = {"sbo": School.Soort.SBO, "so": School.Soort.SO, "vso": School.Soort.SO,
            "(v)so": School.Soort.SO}  # fmt: skip
# The pupils file's total per vestiging, by the names DUO has used for it.
_TOTAAL = ("TOTAAL", "TOTAAL AANTAL LEERLINGEN", "AANTAL LEERLINGEN", "LEERLINGEN")


def is_duo(data: bytes) -> bool:
    """Whether a file is one of DUO's: its first line names DUO's columns."""
    kop = data[:4096].split(b"\n", 1)[0].upper()
    return b"VESTIGINGSCODE" in kop and b"INSTELLINGSCODE" in kop


def _rijen(data: bytes, wat: str) -> list[dict]:
    """Rows of a DUO file by its upper-case column names, whatever its separator, quoting or
    encoding."""
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise UploadError(_("The %(wat)s is not a CSV file (not text).") % {"wat": wat})
    tekst = decode_text(data)
    if tekst.count("\n") > settings.IMPORT_MAX_ROWS + 1:
        raise UploadError(_("The %(wat)s has too many rows.") % {"wat": wat})
    kop = tekst.split("\n", 1)[0]
    scheiding = ";" if kop.count(";") > kop.count(",") else ","
    lezer = csv.DictReader(io.StringIO(tekst), delimiter=scheiding)
    try:
        rijen = [
            {(k or "").strip().upper(): (v or "").strip() for k, v in rij.items() if k}
            for rij in lezer
        ]
    except csv.Error as error:
        raise UploadError(
            _("The %(wat)s cannot be read: %(fout)s.") % {"wat": wat, "fout": error}
        ) from None
    return [r for r in rijen if any(r.values())]


def _code(rij: dict) -> tuple[str, str]:
    """(BRIN, vestigingsnummer) of a row: VESTIGINGSCODE is the BRIN and two digits."""
    brin = rij.get("INSTELLINGSCODE", "").upper()
    vestiging = rij.get("VESTIGINGSCODE", "").upper()
    nummer = vestiging[len(brin) :] if brin and vestiging.startswith(brin) else vestiging[-2:]
    return brin, nummer.zfill(2) if nummer.isdigit() else nummer


def lees_leerlingen(data: bytes) -> dict[tuple[str, str], int]:
    """{(BRIN, vestigingsnummer): pupils} from DUO's pupils per vestiging (rows of one
    vestiging, per kind of education, added up)."""
    rijen = _rijen(data, _("pupils file"))
    kolommen = rijen[0].keys() if rijen else ()
    totaal = next((k for k in _TOTAAL if k in kolommen), None)
    ontbreekt = [k for k in ("INSTELLINGSCODE", "VESTIGINGSCODE") if k not in kolommen]
    if totaal is None or ontbreekt:
        raise UploadError(
            _("The pupils file lacks the column(s) %(kolommen)s.")
            % {"kolommen": ", ".join(ontbreekt + ([] if totaal else ["TOTAAL"]))}
        )
    result: dict[tuple[str, str], int] = {}
    for nummer, rij in enumerate(rijen, start=2):
        waarde = rij.get(totaal, "").replace(".", "")
        if not waarde.isdigit():
            raise UploadError(
                _("Pupils file, line %(n)s: %(kolom)s is not a number (%(waarde)s).")
                % {"n": nummer, "kolom": totaal, "waarde": rij.get(totaal, "")[:20]}
            )
        code = _code(rij)
        result[code] = result.get(code, 0) + int(waarde)
    return result


@dataclass(frozen=True)
class Selectie:
    """Which of DUO's vestigingen are the SWV's: in one of these gemeenten, or with one of
    these codes (a BRIN for all its vestigingen, or a VESTIGINGSCODE)."""

    gemeenten: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    @classmethod
    def van(cls, gemeenten: str = "", codes: str = "") -> "Selectie":
        def lijst(tekst):
            return frozenset(
                d.strip().upper()
                for d in tekst.replace(";", ",").replace("\n", ",").split(",")
                if d.strip()
            )

        return cls(lijst(gemeenten), lijst(codes))

    def __bool__(self):
        return bool(self.gemeenten or self.codes)

    def neemt(self, rij: dict) -> bool:
        brin, nummer = _code(rij)
        return (
            rij.get("GEMEENTENAAM", "").upper() in self.gemeenten
            or brin in self.codes
            or f"{brin}{nummer}" in self.codes
        )


def naar_scholen(
    data: bytes,
    *,
    swv: Samenwerkingsverband,
    selectie: Selectie,
    leerlingen: dict | None = None,
    wijk_nieuw: Wijk | None = None,
) -> tablib.Dataset:
    """DUO's file of all vestigingen as rows of the school import, for this SWV."""
    if not selectie:
        raise UploadError(
            _("Say which schools are the SWV's: one or more gemeenten, or a list of codes.")
        )
    rijen = _rijen(data, _("DUO file"))
    kolommen = rijen[0].keys() if rijen else ()
    if ontbreekt := [k for k in VERPLICHT if k not in kolommen]:
        raise UploadError(
            _("This is not DUO's file of all vestigingen: the column(s) %(kolommen)s are "
              "missing.") % {"kolommen": ", ".join(ontbreekt)}
        )  # fmt: skip
    gekozen = [r for r in rijen if selectie.neemt(r)]
    if not gekozen:
        raise UploadError(_("No vestiging of the file is in the gemeenten or codes given."))
    bestaand = {
        (s.brin, s.vestigingsnummer): s for s in School.objects.select_related("wijk", "bestuur")
    }
    besturen = set(Bestuur.objects.values_list("bevoegd_gezag_nummer", flat=True))
    vo = swv.sector == Sector.VO
    dataset = tablib.Dataset(
        headers=["brin", "vestigingsnummer", "naam", "bevoegd_gezag_nummer", "bestuursnaam",
                 "wijk", "soort", "aantal_leerlingen", "actief"]
    )  # fmt: skip
    for rij in gekozen:
        code = _code(rij)
        school = bestaand.get(code)
        soort = School.Soort.VO if vo else _SOORTEN.get(rij.get(SOORT_PO, "").lower(), "bao")
        nummer = rij["BEVOEGD GEZAG NUMMER"].zfill(5)
        wijk = school.wijk.naam if school and school.wijk else ""
        if not school and not vo and wijk_nieuw is not None:
            wijk = wijk_nieuw.naam
        if leerlingen is not None:
            aantal = leerlingen.get(code, "")
        else:
            aantal = school.aantal_leerlingen if school and school.aantal_leerlingen else ""
        dataset.append([
            code[0], code[1],
            school.naam if school else rij["VESTIGINGSNAAM"],
            nummer,
            "" if nummer in besturen else rij.get("BEVOEGD GEZAG NAAM")
            or _("Bevoegd gezag %(nummer)s") % {"nummer": nummer},
            wijk, soort, aantal, "nee" if school and not school.actief else "ja",
        ])  # fmt: skip
    return dataset


def importeer(
    *,
    swv: Samenwerkingsverband,
    data: bytes,
    selectie: Selectie,
    leerlingen_data: bytes | None = None,
    wijk_nieuw: Wijk | None = None,
    bevestigd: bool = False,
):
    """The page's and the command's one way: DUO's files read, the SWV's schools taken, the
    school import run on them; written only when ``bevestigd`` and every row is right.
    Returns (report, the rows as imported, the SWV's active schools the rows do not hold)."""
    leerlingen = lees_leerlingen(leerlingen_data) if leerlingen_data is not None else None
    dataset = naar_scholen(
        data, swv=swv, selectie=selectie, leerlingen=leerlingen, wijk_nieuw=wijk_nieuw
    )
    report = run_import(soort="scholen", swv=swv, dataset=dataset, dry_run=not bevestigd)
    if bevestigd and report.ok:
        ensure_scans_for_swv(swv=swv)  # new schools get a scan in the open rounds
    in_bestand = {(brin, nummer) for brin, nummer, *_rest in dataset}
    # Active schools of the SWV that DUO's selection no longer holds (closed, merged, or
    # outside the gemeenten given): shown, never made inactive by the import.
    ontbrekend = [
        s
        for s in School.objects.filter(swv=swv, actief=True).order_by("naam")
        if (s.brin, s.vestigingsnummer) not in in_bestand
    ]
    return report, dataset, ontbrekend
