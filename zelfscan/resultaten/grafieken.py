"""Charts as SVG, made on the server: the same picture on the page and in the PDF, no
JavaScript, no CDN. Every chart is shown beside a table with its numbers (the templates do
that), so a screen reader reads the table and the SVG is only a picture of it.

Colours: one hue in steps of lightness (a sequential blue), so that series and heatmap cells
stay apart for colour-blind readers and in black-and-white print; lines differ in dash pattern
too, and every bar carries its value as text.

Plain bars are drawn here; the trend lines come from leather (a maintained chart library that
writes plain SVG with attributes only, nothing a Content-Security-Policy would block).
"""

from html import escape

from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe

from zelfscan.resultaten.rekenregels import schaalwaarde

# Dark to light: first series darkest; text on the two darkest is white.
REEKSKLEUREN = ("#08306b", "#4292c6", "#c6dbef")
STREEPPATRONEN = ("", "6 3", "2 2")
LIJN = "#08306b"
FONT = "DejaVu Sans, Arial, sans-serif"


def getal(waarde, decimalen=1) -> str:
    # Rounded first: number_format cuts off the other decimals (2.777 would show as 2,77
    # where the export, the heatmap and the report say 2,78).
    if not isinstance(waarde, int | float):
        return "–"
    return number_format(round(waarde, decimalen), decimalen)


def vergelijking(titel: str, rijen: list[tuple[str, list]], reeksen: list[str]) -> str:
    """Horizontal bars on the 1–4 scale: per row (a group) one bar per series (school, wijk,
    stad). ``rijen``: (label, [value or None per series])."""
    label_breedte, staaf_breedte, staaf_hoogte = 290, 300, 12
    rij_hoogte = staaf_hoogte * len(reeksen) + 10
    hoogte = 40 + rij_hoogte * len(rijen) + 20
    breedte = label_breedte + staaf_breedte + 60

    def x(w):  # 1..4 onto the bar area
        return label_breedte + (w - 1) / 3 * staaf_breedte

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" font-family="{FONT}" font-size="11"><title>{escape(titel)}</title>'
    ]
    # legend
    for i, reeks in enumerate(reeksen):
        lx = label_breedte + i * 110
        delen.append(
            f'<rect x="{lx}" y="6" width="12" height="12" fill="{REEKSKLEUREN[i]}" '
            f'stroke="{LIJN}"/><text x="{lx + 16}" y="16">{escape(reeks)}</text>'
        )
    # scale lines 1..4
    for w in (1, 2, 3, 4):
        delen.append(
            f'<line x1="{x(w):.1f}" y1="28" x2="{x(w):.1f}" y2="{hoogte - 18}" stroke="#bbb"/>'
            f'<text x="{x(w):.1f}" y="{hoogte - 6}" text-anchor="middle">{w}</text>'
        )
    for r, (label, waarden) in enumerate(rijen):
        y0 = 34 + r * rij_hoogte
        delen.append(
            f'<text x="{label_breedte - 6}" y="{y0 + rij_hoogte / 2:.1f}" text-anchor="end">'
            f"{escape(_kort(label, 40))}</text>"
        )
        for i, waarde in enumerate(waarden):
            y = y0 + i * staaf_hoogte
            if waarde is None:
                delen.append(f'<text x="{x(1) + 4:.1f}" y="{y + 10}" fill="#555">–</text>')
                continue
            delen.append(
                f'<rect x="{x(1):.1f}" y="{y}" width="{x(waarde) - x(1):.1f}" '
                f'height="{staaf_hoogte - 2}" fill="{REEKSKLEUREN[i]}" stroke="{LIJN}" '
                f'stroke-width="0.5"/><text x="{x(waarde) + 4:.1f}" y="{y + 9}">'
                f"{getal(waarde)}</text>"
            )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 -- every text in it went through escape()


def verdeling(titel: str, aantallen: tuple, labels: list[str]) -> str:
    """Vertical bars: how many schools per scale value."""
    breedte, hoogte, voet = 360, 180, 30
    hoogste = max(aantallen) or 1
    kolom = (breedte - 40) / len(aantallen)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" font-family="{FONT}" font-size="11"><title>{escape(titel)}</title>'
    ]
    for i, (aantal, label) in enumerate(zip(aantallen, labels, strict=True)):
        h = (hoogte - voet - 24) * aantal / hoogste
        x = 20 + i * kolom + 8
        y = hoogte - voet - h
        delen.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{kolom - 16:.1f}" height="{h:.1f}" '
            f'fill="{REEKSKLEUREN[0]}"/><text x="{x + (kolom - 16) / 2:.1f}" y="{y - 4:.1f}" '
            f'text-anchor="middle">{aantal}</text><text x="{x + (kolom - 16) / 2:.1f}" '
            f'y="{hoogte - 12}" text-anchor="middle">{escape(_kort(label, 16))}</text>'
        )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 -- every text in it went through escape()


def trendlijnen(titel: str, jaren: list[str], reeksen: dict[str, list]) -> str:
    """Lines across rounds on the 1–4 scale: ``reeksen`` name -> value or None per year."""
    if not any(w is not None for waarden in reeksen.values() for w in waarden):
        return ""  # nothing to draw; the table beside it says so
    import leather

    _leather_stijl(leather)
    chart = leather.Chart(titel)
    chart.add_x_scale(0, max(len(jaren) - 1, 1))
    chart.add_y_scale(1, 4)
    chart.add_x_axis(ticks=list(range(len(jaren))), tick_formatter=lambda i, *_: jaren[int(i)])
    chart.add_y_axis(ticks=[1, 2, 3, 4], tick_formatter=lambda w, *_: str(int(w)))
    for i, (naam, waarden) in enumerate(reeksen.items()):
        punten = [(j, w) for j, w in enumerate(waarden) if w is not None]
        if not punten:
            continue
        kleur = REEKSKLEUREN[min(i, len(REEKSKLEUREN) - 1)]
        if len(punten) > 1:
            chart.add_line(
                punten,
                name=naam,
                stroke_color=kleur,
                width=2,
                stroke_dasharray=STREEPPATRONEN[i % len(STREEPPATRONEN)] or None,
            )
        chart.add_dots(punten, name=None if len(punten) > 1 else naam, fill_color=kleur)
    svg = chart.to_svg(width=560, height=260)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(titel)}" ', 1)
    # leather builds the SVG with ElementTree, which escapes every text and attribute.
    return mark_safe(svg)  # noqa: S308


def _leather_stijl(leather):
    theme = leather.theme
    theme.background_color = "#ffffff"
    for naam in ("title", "legend", "tick"):
        setattr(theme, f"{naam}_font_family", FONT)
    theme.tick_color = "#555"
    theme.legend_color = "#222"
    theme.title_color = "#222"


def heat_klasse(gemiddelde) -> str:
    """The CSS class of a heatmap cell: its mean's scale value (light to dark)."""
    if not isinstance(gemiddelde, int | float):  # None, or a missing cell in a template
        return "heat-leeg"
    return f"heat-{schaalwaarde(gemiddelde)}"


def _kort(tekst: str, n: int) -> str:
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


def cellen(per_groep: dict, groepen, decimalen=1) -> str:
    """The heatmap cells of one row as HTML, made here once: a city table has thousands of
    cells, and a template loop or number_format per cell costs more than the queries. Only a
    class name of ours and a formatted number go in, so there is nothing to escape."""
    scheiding = get_format("DECIMAL_SEPARATOR")
    delen = []
    for groep in groepen:
        gemiddelde = getattr(per_groep.get(groep.pk), "gemiddelde", None)
        tekst = "–" if gemiddelde is None else f"{gemiddelde:.{decimalen}f}".replace(".", scheiding)
        delen.append(f'<td class="{heat_klasse(gemiddelde)}">{tekst}</td>')
    return mark_safe("".join(delen))  # noqa: S308
