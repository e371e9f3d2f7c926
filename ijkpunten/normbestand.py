"""A version of the norm as one file, YAML or XLSX: written from a version (``schrijf``,
``schrijf_xlsx``), read into a new concept version (``lees``; a workbook is turned into the same
data as the YAML and checked by the same rules). The layout is in the README ("A norm file");
a version written and read back is the same version, row for row (tests/test_normbestand.py).

Reading checks the whole file before writing anything: every section, row, field, code and
reference, each error with where it is in Dutch, and nothing is loaded while there is one.
The file is untrusted: YAML aliases are refused (a few lines of them expand to gigabytes),
as are NUL bytes, other encodings than UTF-8 and files over ``NORMBESTAND_MAX_BYTES``.
"""

import io
from dataclasses import dataclass

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from basisondersteuning import xlsx
from ijkpunten import concordantie
from ijkpunten.models import (
    Begrip,
    CyclusFase,
    Domein,
    Groep,
    HgwPrincipe,
    Item,
    Kaartaspect,
    Normkader,
    Ondersteuningsniveau,
    Ontwikkelstap,
    Risicosignaal,
    Schaalwaarde,
    Uitleg,
)

KOP = ["code", "naam", "drempel_voldoende", "voldoet_regel", "voldoet_aandeel", "bronnen"]
# Sections of rows that hang off the version itself, with the field that numbers them.
SECTIES = {
    "schaal": (Schaalwaarde, "waarde"),
    "domeinen": (Domein, "nummer"),
    "hgw_principes": (HgwPrincipe, "nummer"),
    "cyclusfasen": (CyclusFase, "nummer"),
    "ondersteuningsniveaus": (Ondersteuningsniveau, "nummer"),
    "begrippen": (Begrip, "nummer"),
    "uitleg": (Uitleg, "nummer"),
    "ontwikkelstappen": (Ontwikkelstap, "nummer"),
    "kaartaspecten": (Kaartaspect, "nummer"),
}
VERPLICHT = ["code", "naam", "schaal", "groepen"]
# Not in the file: who the version is (status, dates, lineage) is set by the application.
NIET_IN_BESTAND = {"id", "normkader", "groep", "domein", "status", "vastgesteld_op",
                   "afgeleid_van"}  # fmt: skip


def _velden(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in NIET_IN_BESTAND]


def _rij(obj, model) -> dict:
    """A row as the file writes it: fields left at their empty default are left out."""
    uit = {}
    for veld in _velden(model):
        waarde = getattr(obj, veld.attname)
        if waarde in ("", None, False, []) and (veld.blank or veld.has_default()):
            continue
        uit[veld.name] = waarde
    return uit


def _data(normkader: Normkader) -> dict:
    """The version as the nested data of a norm file (a fixed number of queries)."""
    data = {naam: getattr(normkader, naam) for naam in KOP}
    for sectie, (model, sleutel) in SECTIES.items():
        data[sectie] = [_rij(r, model) for r in model.objects.filter(normkader=normkader)
                        .order_by(sleutel)]  # fmt: skip
    items, signalen, gedeeld = {}, {}, {}
    for item in Item.objects.filter(groep__normkader=normkader).order_by("volgorde", "pk"):
        items.setdefault(item.groep_id, []).append(_rij(item, Item))
    for signaal in Risicosignaal.objects.filter(groep__normkader=normkader).order_by("volgorde"):
        signalen.setdefault(signaal.groep_id, []).append(_rij(signaal, Risicosignaal))
    for link in Groep.gedeelde_items.through.objects.filter(
        groep__normkader=normkader
    ).select_related("item__groep"):
        gedeeld.setdefault(link.groep_id, []).append(f"{link.item.groep.code}/{link.item.code}")
    groepen = []
    for groep in Groep.objects.filter(normkader=normkader).select_related("domein"):
        rij = _rij(groep, Groep)
        if groep.domein_id:
            rij["domein"] = groep.domein.nummer
        rij["items"] = items.get(groep.pk, [])
        if groep.pk in signalen:
            rij["risicosignalen"] = signalen[groep.pk]
        if groep.pk in gedeeld:
            rij["gedeelde_items"] = sorted(gedeeld[groep.pk])
        groepen.append(rij)
    data["groepen"] = groepen
    return data


def schrijf(normkader: Normkader) -> str:
    """The version as a YAML norm file."""
    kop = _("# A version of the norm as a norm file; the layout is in the README.\n")
    return kop + yaml.safe_dump(_data(normkader), allow_unicode=True, sort_keys=False, width=100)


# --- the same as a workbook: a sheet per section, a row per row, a column per field

VERSIE_BLAD = "versie"
GROEP_BLADEN = {"items": Item, "risicosignalen": Risicosignaal}
GEDEELD_BLAD = "gedeelde_items"


def _kolommen(model) -> list[str]:
    return [f.name for f in _velden(model)]


def schrijf_xlsx(normkader: Normkader) -> bytes:
    """The version as an XLSX norm file. Every text is written as a text cell, never as a
    formula, so a text that starts with "=" stays that text and runs nothing."""
    from openpyxl import Workbook

    data = _data(normkader)
    boek = Workbook()
    boek.remove(boek.active)

    def blad(naam, kolommen, rijen):
        sheet = boek.create_sheet(naam)
        sheet.append(kolommen)
        for rij in rijen:
            sheet.append([None] * len(kolommen))
            for kolom, veld in enumerate(kolommen, 1):
                waarde = rij.get(veld)
                if isinstance(waarde, list):
                    waarde = "\n".join(waarde)
                cel = sheet.cell(row=sheet.max_row, column=kolom, value=waarde)
                if isinstance(waarde, str):
                    cel.data_type = "s"

    blad(VERSIE_BLAD, ["veld", "waarde"], [{"veld": k, "waarde": data[k]} for k in KOP])
    for sectie, (model, _sleutel) in SECTIES.items():
        blad(sectie, _kolommen(model), data[sectie])
    blad("groepen", [*_kolommen(Groep), "domein"], data["groepen"])
    for naam, model in GROEP_BLADEN.items():
        rijen = [{**r, "groep": g["code"]} for g in data["groepen"] for r in g.get(naam, [])]
        blad(naam, ["groep", *_kolommen(model)], rijen)
    blad(GEDEELD_BLAD, ["groep", "item"],
         [{"groep": g["code"], "item": c} for g in data["groepen"]
          for c in g.get(GEDEELD_BLAD, [])])  # fmt: skip
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _als_veld(model, naam, waarde):
    """A cell as the field wants it: a spreadsheet makes numbers of codes such as 2.1 or 4,
    and one line per sub-point of a list."""
    if waarde is None or naam not in {f.name for f in _velden(model)}:
        return waarde
    veld = model._meta.get_field(naam)
    if isinstance(veld, models.JSONField) and isinstance(waarde, str):
        return [regel for regel in waarde.split("\n") if regel.strip()]
    tekst = isinstance(veld, (models.CharField, models.TextField))
    if tekst and isinstance(waarde, (int, float)) and not isinstance(waarde, bool):
        return format(waarde, "g")
    if isinstance(veld, models.IntegerField) and isinstance(waarde, float) and waarde.is_integer():
        return int(waarde)
    return waarde


def _lees_xlsx(inhoud: bytes) -> dict:
    """A workbook in the layout ``schrijf_xlsx`` writes, as the nested data of a norm file;
    what does not fit that layout is named by sheet and row."""
    from openpyxl import load_workbook

    try:
        xlsx.controleer(inhoud)
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except xlsx.XlsxFout as fout:
        raise NormbestandFout([str(fout)]) from None
    except Exception:  # openpyxl raises many kinds on a malformed workbook
        raise NormbestandFout([_("This XLSX file cannot be read.")]) from None
    fouten = []

    def rijen(naam, model=None, verplicht=True):
        if naam not in boek.sheetnames:
            if verplicht:
                fouten.append(_("The sheet “%(blad)s” is missing.") % {"blad": naam})
            return []
        regels = boek[naam].iter_rows(values_only=True)
        kop = [str(k).strip() if k is not None else "" for k in next(regels, [])]
        uit = []
        for nummer, regel in enumerate(regels, 2):
            rij = {k: v for k, v in zip(kop, regel, strict=False) if k and v not in (None, "")}
            if rij:
                rij = {k: _als_veld(model, k, v) for k, v in rij.items()} if model else rij
                uit.append((nummer, rij))
        return uit

    data = {}
    for _nummer, rij in rijen(VERSIE_BLAD):
        if "veld" in rij:
            data[str(rij["veld"])] = _als_veld(Normkader, str(rij["veld"]), rij.get("waarde"))
    for sectie, (model, _sleutel) in SECTIES.items():
        data[sectie] = [rij for _n, rij in rijen(sectie, model, verplicht=sectie == "schaal")]
    groepen = [rij for _n, rij in rijen("groepen", Groep)]
    per_code = {str(g.get("code")): g for g in groepen}
    for naam, model in GROEP_BLADEN.items():
        for nummer, rij in rijen(naam, model, verplicht=naam == "items"):
            groep = per_code.get(str(rij.pop("groep", "")))
            if groep is None:
                fouten.append(_("sheet %(blad)s, row %(rij)d: the group is not on the sheet "
                                "“groepen”.") % {"blad": naam, "rij": nummer})  # fmt: skip
            else:
                groep.setdefault(naam, []).append(rij)
    for nummer, rij in rijen(GEDEELD_BLAD, verplicht=False):
        groep = per_code.get(str(rij.get("groep", "")))
        if groep is None:
            fouten.append(_("sheet %(blad)s, row %(rij)d: the group is not on the sheet "
                            "“groepen”.") % {"blad": GEDEELD_BLAD, "rij": nummer})  # fmt: skip
        else:
            groep.setdefault(GEDEELD_BLAD, []).append(str(rij.get("item", "")))
    data["groepen"] = groepen
    if fouten:
        raise NormbestandFout(fouten)
    return data


class NormbestandFout(Exception):
    """The file cannot be loaded; ``fouten`` says why, each in Dutch with where."""

    def __init__(self, fouten: list[str]):
        super().__init__("\n".join(fouten))
        self.fouten = fouten


class _ZonderAliassen(yaml.SafeLoader):
    """YAML without anchors and aliases: a norm never needs them, and a few lines of nested
    aliases expand to a document that no longer fits in memory."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="alias", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


@dataclass
class _Lezer:
    fouten: list

    def fout(self, plaats: str, tekst: str):
        self.fouten.append(f"{plaats}: {tekst}" if plaats else tekst)

    def mapping(self, waarde, plaats) -> dict | None:
        if not isinstance(waarde, dict):
            self.fout(plaats, _("expected a list of fields (key: value)."))
            return None
        return waarde

    def lijst(self, waarde, plaats) -> list:
        if waarde is None:
            return []
        if not isinstance(waarde, list):
            self.fout(plaats, _("expected a list."))
            return []
        return waarde

    def object(self, model, rij, plaats, extra_sleutels=()) -> models.Model | None:
        """A model instance from a row of the file, every field checked; None on an error."""
        rij = self.mapping(rij, plaats)
        if rij is None:
            return None
        velden = {f.name: f for f in _velden(model)}
        onbekend = sorted(set(map(str, rij)) - set(velden) - set(extra_sleutels))
        if onbekend:
            self.fout(plaats, _("unknown field(s): %(velden)s.") % {"velden": ", ".join(onbekend)})
        waarden, goed = {}, not onbekend
        for naam, veld in velden.items():
            if naam not in rij:
                continue
            waarde = rij[naam]
            if not self._soort_klopt(veld, waarde):
                self.fout(plaats, _("field “%(veld)s” has a value of the wrong kind (%(waarde)s).")
                          % {"veld": naam, "waarde": str(waarde)[:40]})  # fmt: skip
                goed = False
                continue
            waarden[naam] = waarde
        obj = model(**waarden)
        uitgesloten = [f.name for f in model._meta.concrete_fields if f.name not in velden]
        try:
            obj.full_clean(exclude=uitgesloten, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for veld, berichten in error.message_dict.items():
                for bericht in berichten:
                    self.fout(plaats, _("field “%(veld)s”: %(bericht)s")
                              % {"veld": veld, "bericht": bericht})  # fmt: skip
            goed = False
        return obj if goed else None

    @staticmethod
    def _soort_klopt(veld, waarde) -> bool:
        if isinstance(veld, models.BooleanField):
            return isinstance(waarde, bool)
        if isinstance(veld, models.IntegerField):
            return isinstance(waarde, int) and not isinstance(waarde, bool)
        if isinstance(veld, models.JSONField):
            return isinstance(waarde, list) and all(isinstance(v, str) for v in waarde)
        if isinstance(veld, models.DateField):
            return waarde is None or isinstance(waarde, str)
        if isinstance(veld, models.DecimalField):
            return waarde is None or isinstance(waarde, (int, float, str))
        return isinstance(waarde, str)

    def uniek(self, objecten, sleutel, plaats, naam):
        gezien = set()
        for obj in objecten:
            waarde = sleutel(obj)
            if waarde in gezien:
                self.fout(plaats, _("%(naam)s %(waarde)s occurs more than once.")
                          % {"naam": naam, "waarde": waarde})  # fmt: skip
            gezien.add(waarde)


def _plaats(sectie, nummer, rij=None, sleutel="code") -> str:
    naam = rij.get(sleutel) if isinstance(rij, dict) else None
    return f"{sectie} {nummer}" + (f" ({naam})" if naam not in (None, "") else "")


def lees(inhoud: bytes, *, afgeleid_van: Normkader | None = None) -> Normkader:
    """Load a norm file as a new concept version (derived from ``afgeleid_van``, with its
    concordantie proposed where codes and texts match). Raises ``NormbestandFout`` with every
    error found; nothing is written then."""
    if len(inhoud) > settings.NORMBESTAND_MAX_BYTES:
        raise NormbestandFout([_("The file is larger than %(mb)d MB.")
                               % {"mb": settings.NORMBESTAND_MAX_BYTES // 2**20}])  # fmt: skip
    if xlsx.is_zip(inhoud):
        return _laad(_lees_xlsx(inhoud), afgeleid_van)
    if b"\x00" in inhoud:
        raise NormbestandFout([_("The file contains NUL bytes; it is not a text file.")])
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NormbestandFout([_("The file is not UTF-8 text (byte %(n)d).")
                               % {"n": error.start + 1}]) from None  # fmt: skip
    try:
        data = yaml.load(tekst, Loader=_ZonderAliassen)  # noqa: S506 — a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        waar = {"regel": mark.line + 1, "kolom": mark.column + 1}
        if error.problem == "alias":
            raise NormbestandFout([_("line %(regel)d, column %(kolom)d: YAML aliases (*name) "
                                     "are not accepted.") % waar]) from None  # fmt: skip
        raise NormbestandFout([_("line %(regel)d, column %(kolom)d: this is not valid YAML.")
                               % waar]) from None  # fmt: skip
    except (yaml.YAMLError, RecursionError):
        raise NormbestandFout([_("This is not valid YAML.")]) from None
    if not isinstance(data, dict):
        raise NormbestandFout([_("The file must start with the version's fields (code: ...).")])
    return _laad(data, afgeleid_van)


def _laad(data: dict, afgeleid_van) -> Normkader:
    lezer = _Lezer([])
    bekend = set(KOP) | set(SECTIES) | {"groepen"}
    if onbekend := sorted(set(map(str, data)) - bekend):
        lezer.fout("", _("Unknown section(s): %(s)s.") % {"s": ", ".join(onbekend)})
    for sleutel in VERPLICHT:
        if sleutel not in data or data[sleutel] in (None, "", []):
            lezer.fout("", _("The section “%(s)s” is missing or empty.") % {"s": sleutel})
    kop = {k: data[k] for k in KOP if k in data}
    normkader = lezer.object(Normkader, kop, _("version"))
    if normkader and Normkader.objects.filter(code=normkader.code).exists():
        lezer.fout(_("version"), _("a version with code %(code)s already exists.")
                   % {"code": normkader.code})  # fmt: skip

    secties = {}
    for sectie, (model, sleutel) in SECTIES.items():
        rijen = lezer.lijst(data.get(sectie), sectie)
        objecten = [lezer.object(model, r, _plaats(sectie, n, r, sleutel))
                    for n, r in enumerate(rijen, 1)]  # fmt: skip
        secties[sectie] = [o for o in objecten if o is not None]
        lezer.uniek(secties[sectie], lambda o, s=sleutel: getattr(o, s), sectie, sleutel)
    waarden = sorted(s.waarde for s in secties["schaal"])
    if secties["schaal"] and waarden != [1, 2, 3, 4]:
        lezer.fout("schaal", _("the scale must have the values 1, 2, 3 and 4 once each."))
    domein_nummers = {d.nummer for d in secties["domeinen"]}

    groepen = []  # (groep, domein nummer, items, signalen, gedeelde codes, plaats)
    for n, rij in enumerate(lezer.lijst(data.get("groepen"), "groepen"), 1):
        plaats = _plaats(_("group"), n, rij)
        groep = lezer.object(Groep, rij, plaats,
                             ("items", "risicosignalen", "gedeelde_items", "domein"))  # fmt: skip
        if groep is None:
            continue
        domein = rij.get("domein")
        if domein is not None and domein not in domein_nummers:
            lezer.fout(plaats, _("domain %(d)s is not in “domeinen”.") % {"d": domein})
        items = [
            lezer.object(Item, r, f"{plaats}, " + _plaats(_("item"), i, r))
            for i, r in enumerate(lezer.lijst(rij.get("items"), plaats), 1)
        ]
        items = [i for i in items if i is not None]
        lezer.uniek(items, lambda i: i.code, plaats, _("item code"))
        signalen = [
            lezer.object(Risicosignaal, r, f"{plaats}, " + _plaats(_("risk signal"), i, r))
            for i, r in enumerate(lezer.lijst(rij.get("risicosignalen"), plaats), 1)
        ]
        signalen = [s for s in signalen if s is not None]
        lezer.uniek(signalen, lambda s: s.volgorde, plaats, _("risk signal"))
        gedeeld = lezer.lijst(rij.get("gedeelde_items"), plaats)
        groepen.append((groep, domein, items, signalen, gedeeld, plaats))
    lezer.uniek([g[0] for g in groepen], lambda g: g.code, "groepen", _("group code"))
    lezer.uniek([g[0] for g in groepen], lambda g: (g.soort, g.nummer), "groepen",
                _("kind and number of group"))  # fmt: skip
    alle_items = {f"{g.code}/{i.code}" for g, _d, items, *_r in groepen for i in items}
    for groep, _d, _i, _s, gedeeld, plaats in groepen:
        for code in gedeeld:
            if not isinstance(code, str) or code not in alle_items:
                lezer.fout(plaats, _("shared item %(c)s is not an item of this file (group/item).")
                           % {"c": code})  # fmt: skip
            elif code.startswith(f"{groep.code}/"):
                lezer.fout(plaats, _("shared item %(c)s is already an item of this group.")
                           % {"c": code})  # fmt: skip
    if not alle_items and not lezer.fouten:
        lezer.fout("groepen", _("the norm has no items."))
    if lezer.fouten:
        raise NormbestandFout(lezer.fouten)
    return _schrijf_weg(normkader, secties, groepen, afgeleid_van)


@transaction.atomic
def _schrijf_weg(normkader, secties, groepen, afgeleid_van) -> Normkader:
    normkader.status = Normkader.Status.CONCEPT
    normkader.afgeleid_van = afgeleid_van
    normkader.save()
    for sectie, (model, _sleutel) in SECTIES.items():
        for obj in secties[sectie]:
            obj.normkader = normkader
        model.objects.bulk_create(secties[sectie])
    domeinen = {d.nummer: d for d in Domein.objects.filter(normkader=normkader)}
    for groep, domein, *_rest in groepen:
        groep.normkader = normkader
        groep.domein = domeinen.get(domein)
    Groep.objects.bulk_create([g[0] for g in groepen])
    opgeslagen = {g.code: g for g in Groep.objects.filter(normkader=normkader)}
    items, signalen = [], []
    for groep, _d, groep_items, groep_signalen, _g, _p in groepen:
        for item in groep_items:
            item.groep = opgeslagen[groep.code]
            items.append(item)
        for signaal in groep_signalen:
            signaal.groep = opgeslagen[groep.code]
            signalen.append(signaal)
    Item.objects.bulk_create(items)
    Risicosignaal.objects.bulk_create(signalen)
    per_code = {
        f"{i.groep.code}/{i.code}": i.pk
        for i in Item.objects.filter(groep__normkader=normkader).select_related("groep")
    }
    Gedeeld = Groep.gedeelde_items.through
    Gedeeld.objects.bulk_create(
        Gedeeld(groep_id=opgeslagen[groep.code].pk, item_id=per_code[code])
        for groep, _d, _i, _s, gedeeld, _p in groepen
        for code in gedeeld
    )
    if afgeleid_van is not None:
        concordantie.stel_voor(normkader=normkader)
    return normkader
