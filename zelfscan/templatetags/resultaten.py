"""Presentation helpers for the results pages; the rules are in
``zelfscan/resultaten/rekenregels.py``."""

from django import template

from zelfscan.resultaten.grafieken import getal as _getal
from zelfscan.resultaten.grafieken import heat_klasse

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
