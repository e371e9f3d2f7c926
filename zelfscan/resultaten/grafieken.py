"""Charts as SVG, made on the server: the same picture on the page and in the PDF, no
JavaScript, no CDN. Every chart is shown beside a table with its numbers (the templates do
that), so a screen reader reads the table and the SVG is only a picture of it.

Colours: one hue in steps of lightness (a sequential blue), so that series and heatmap cells
stay apart for colour-blind readers and in black-and-white print; lines differ in dash pattern
too, and every bar carries its value as text.

Bars and lines are drawn here, as plain SVG with attributes only: nothing a
Content-Security-Policy would block, every text escaped, every series named.
"""

from html import escape

from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe

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
    """Lines across rounds on the 1–4 scale: ``reeksen`` name -> value or None per year. Each
    series is named in the legend; each round is labelled whole under its point."""
    if not any(w is not None for waarden in reeksen.values() for w in waarden):
        return ""  # nothing to draw; the table beside it says so
    breedte, hoogte = 560, 260
    links, rechts, boven, onder = 70, 60, 46, 34  # room for the y labels and a whole year

    def x(j):
        if len(jaren) == 1:
            return links + (breedte - links - rechts) / 2
        return links + j / (len(jaren) - 1) * (breedte - links - rechts)

    def y(w):
        return boven + (4 - w) / 3 * (hoogte - boven - onder)

    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" font-family="{FONT}" font-size="12" aria-label="{escape(titel)}">'
        f"<title>{escape(titel)}</title>"
    ]
    for w in (1, 2, 3, 4):
        delen.append(
            f'<line x1="{links}" y1="{y(w):.1f}" x2="{breedte - rechts + 20}" y2="{y(w):.1f}" '
            f'stroke="#ccc"/><text x="{links - 10}" y="{y(w) + 4:.1f}" text-anchor="end" '
            f'fill="#333">{w}</text>'
        )
    for j, jaar in enumerate(jaren):
        delen.append(
            f'<text x="{x(j):.1f}" y="{hoogte - 10}" text-anchor="middle" fill="#333">'
            f"{escape(jaar)}</text>"
        )
    for i, (naam, waarden) in enumerate(reeksen.items()):
        kleur = REEKSKLEUREN[min(i, len(REEKSKLEUREN) - 1)]
        streep = STREEPPATRONEN[i % len(STREEPPATRONEN)]
        lx = links + i * 150
        delen.append(
            f'<line x1="{lx}" y1="18" x2="{lx + 28}" y2="18" stroke="{kleur}" stroke-width="3"'
            + (f' stroke-dasharray="{streep}"' if streep else "")
            + f'/><text x="{lx + 34}" y="22" fill="#222">{escape(naam)}</text>'
        )
        punten = [(x(j), y(w)) for j, w in enumerate(waarden) if w is not None]
        if len(punten) > 1:
            delen.append(
                f'<polyline fill="none" stroke="{kleur}" stroke-width="2.5"'
                + (f' stroke-dasharray="{streep}"' if streep else "")
                + f' points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in punten)}"/>'
            )
        delen.extend(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{kleur}" stroke="#fff"/>'
            for px, py in punten
        )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 -- every text in it went through escape()


def heat_klasse(gemiddelde) -> str:
    """The CSS class of a heatmap cell: its mean on a scale of thirteen steps of a quarter
    point (2,66 and 3,47 differ, where whole scale values painted them alike)."""
    if not isinstance(gemiddelde, int | float):  # None, or a missing cell in a template
        return "heat-leeg"
    return f"heat-s{min(max(round((gemiddelde - 1) * 4), 0), 12)}"


HEAT_LEGENDA = [(f"heat-s{s}", 1 + s / 4) for s in range(0, 13, 2)]


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
