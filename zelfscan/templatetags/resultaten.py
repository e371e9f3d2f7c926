"""Presentation helpers for the results pages; the rules are in
``zelfscan/resultaten/rekenregels.py``."""

from django import template
from django.utils.safestring import mark_safe

from zelfscan.resultaten.grafieken import HEAT_LEGENDA, heat_klasse
from zelfscan.resultaten.grafieken import getal as _getal

register = template.Library()


@register.filter
def heat(gemiddelde):
    return heat_klasse(gemiddelde)


@register.filter
def getal(waarde, decimalen=1):
    return _getal(waarde, decimalen)


@register.filter
def procent(waarde):
    return f"{_getal(100 * waarde, 0)}%" if isinstance(waarde, int | float) else "–"


@register.simple_tag
def heat_legenda():
    """The colour scale of the heatmaps: (class, value) for every half point."""
    return HEAT_LEGENDA


@register.filter(is_safe=True)
def hoofdletter(tekst):
    """A capital first letter, the Dutch way: "ijkpunten" becomes "IJkpunten", not "Ijkpunten"."""
    tekst = str(tekst)
    if tekst[:2].lower() == "ij":
        return "IJ" + tekst[2:]
    return tekst[:1].upper() + tekst[1:]


@register.filter
def css_tekst(waarde) -> str:
    """``waarde`` as a quoted CSS string, for a report's running header set in its own style
    element: anything but letters, digits and plain punctuation as a CSS escape, so that no
    name can end the string or the element."""
    tekens = (t if t.isalnum() or t in " .,-_:()'" else f"\\{ord(t):x} " for t in str(waarde))
    return mark_safe(f'"{"".join(tekens)}"')  # noqa: S308 (every other character escaped)
