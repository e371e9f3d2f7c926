"""The history of a scan's answers as people read it: what changed (the item, signal, theme or
the kengetallen by name), which field (its name, not its column), and the old and new value
as the pages show them (ja/nee, 0,4, a choice's label)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ijkpunten.models import Risicosignaal
from zelfscan.models import Ambitie, Antwoord, Historie, Kengetallen, Signaalantwoord, Zelfscan
from zelfscan.scans.structuur import structuur

_MODELLEN = {"item": Antwoord, "signaal": Signaalantwoord, "ambitie": Ambitie,
             "kengetallen": Kengetallen}  # fmt: skip


@dataclass(frozen=True)
class Regel:
    historie: Historie
    wat: str
    veld: str
    oud: str
    nieuw: str


def _waarde(model, veld: str, tekst: str) -> str:
    if tekst in ("", "None"):
        return "–"
    if tekst in ("True", "False"):
        return _("yes") if tekst == "True" else _("no")
    try:
        field = model._meta.get_field(veld)
    except Exception:  # a field since renamed: the stored text as it is
        return tekst
    if field.choices:
        return str(dict(field.flatchoices).get(tekst, tekst))
    if field.get_internal_type() == "DecimalField":
        try:
            return number_format(Decimal(tekst).normalize())
        except InvalidOperation:
            return tekst
    return tekst


def _veldnaam(model, veld: str) -> str:
    try:
        return str(model._meta.get_field(veld).verbose_name)
    except Exception:
        return veld


def regels(scan: Zelfscan, *, hoogstens: int = 2000) -> list[Regel]:
    items = {f"item:{i.pk}": f"{i.code} {i.tekst}" for i in structuur(scan).items.values()}
    rijen = list(scan.historie.select_related("door")[:hoogstens])
    signaal_ids = [
        int(h.onderwerp.split(":")[1]) for h in rijen if h.onderwerp.startswith("signaal:")
    ]
    signalen = {
        f"signaal:{s.pk}": s.tekst for s in Risicosignaal.objects.filter(pk__in=signaal_ids)
    }
    themas = {f"ambitie:{a.thema_id}": a.thema.naam
              for a in Ambitie.objects.filter(scan=scan).select_related("thema")}  # fmt: skip
    namen = {**items, **signalen, **themas, "kengetallen": _("Key figures")}
    uitkomst = []
    for h in rijen:
        soort = h.onderwerp.split(":")[0]
        model = _MODELLEN.get(soort, Antwoord)
        wat = namen.get(h.onderwerp, h.onderwerp)
        if soort == "signaal":
            wat = _("Risk signal: %(tekst)s") % {"tekst": wat}
        elif soort == "ambitie":
            wat = _("Ambition: %(thema)s") % {"thema": wat}
        uitkomst.append(Regel(
            historie=h, wat=wat, veld=_veldnaam(model, h.veld),
            oud=_waarde(model, h.veld, h.oud), nieuw=_waarde(model, h.veld, h.nieuw),
        ))  # fmt: skip
    return uitkomst
