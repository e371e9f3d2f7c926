"""Where each character and each drawn thing of a PDF lies, read with PDFium (pypdfium2, the
renderer of Chromium): a few hundred pages a second, where pdfminer (pdfplumber) read about ten.
Positions are in points from the page's top left corner, as pdfplumber gives them."""

import math
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Teken:
    tekst: str
    grootte: float  # the font size in points
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Pagina:
    breedte: float
    hoogte: float
    tekens: list[Teken] = field(default_factory=list)
    # What is drawn besides text: paths (lines, boxes, the charts' shapes) and images,
    # (x0, top, x1, bottom).
    vormen: list[tuple[float, float, float, float]] = field(default_factory=list)


_GETEKEND = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]


def _grootte(tekst, i: int) -> float:
    """The size a character is set in on the page: PDFium's font size is the one the text
    was given, before the page's own scale (WeasyPrint draws in CSS pixels, scaled by 0.75)."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(tekst, i, matrix)
    return pdfium_c.FPDFText_GetFontSize(tekst, i) * math.hypot(matrix.c, matrix.d)


def paginas(inhoud: bytes) -> list[Pagina]:
    """Each page: its characters as drawn (not the spaces and line ends PDFium infers between
    words), each in the box of its font's ascent and descent (a little taller than
    pdfminer's box of the font size), and the bounds of everything drawn: paths (lines,
    boxes, the charts' shapes) and images, also inside a form."""
    pdf = pdfium.PdfDocument(inhoud)
    gelezen = []
    try:
        for pagina in pdf:
            breedte, hoogte = pagina.get_size()
            tekst = pagina.get_textpage()
            tekens = []
            for i in range(tekst.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(tekst, i) == 1:
                    continue
                links, onder, rechts, boven = tekst.get_charbox(i, loose=True)
                tekens.append(
                    Teken(tekst.get_text_range(i, 1), _grootte(tekst, i),
                          links, hoogte - boven, rechts, hoogte - onder)
                )  # fmt: skip
            vormen = []
            for ding in pagina.get_objects(filter=_GETEKEND):
                links, onder, rechts, boven = ding.get_bounds()
                vormen.append((links, hoogte - boven, rechts, hoogte - onder))
            gelezen.append(Pagina(breedte, hoogte, tekens, vormen))
            tekst.close()
            pagina.close()
    finally:
        pdf.close()
    return gelezen


def teksten(inhoud: bytes) -> list[str]:
    """The text of each page, all white space one space."""
    pdf = pdfium.PdfDocument(inhoud)
    try:
        delen = []
        for pagina in pdf:
            tekstpagina = pagina.get_textpage()
            delen.append(" ".join(tekstpagina.get_text_range().split()))
            tekstpagina.close()
            pagina.close()
        return delen
    finally:
        pdf.close()


def tekst(inhoud: bytes) -> tuple[str, int]:
    """The text of every page as one line, and the number of pages."""
    per_pagina = teksten(inhoud)
    return " ".join(per_pagina), len(per_pagina)
