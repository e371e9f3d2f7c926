"""One PDF from PDFs made apart: the front, then the parts, with continuous page numbers.

A board report is made by several workers at once (``achtergrond.py``): each part is a PDF of
its own, rendered without page numbers, and this module puts them together with qpdf
(pikepdf), which copies a part's objects once and keeps what it copied, so a structure
element's reference to its page lands on the copied page:

- the pages in order; each part's structure tree (the tags that make the PDF/UA report
  readable to a screen reader) hung under the front's Document element, and its keys into
  the parent tree shifted past the ones before it, as one tagged PDF written in one go would
  have them;
- the bookmarks given (a line of the contents each);
- "pagina N van M" on every page, in the place and type of the stylesheet's own page number:
  a page of numbers rendered by WeasyPrint in the page's own size (portrait or landscape),
  laid over the page and marked as an artifact, so that a screen reader does not read it
  into the text.
"""

import io

import pikepdf
from django.template.loader import render_to_string
from pikepdf import Array, OutlineItem


def paginas(inhoud: bytes) -> int:
    with pikepdf.open(io.BytesIO(inhoud)) as pdf:
        return len(pdf.pages)


def voeg_samen(voorkant: bytes, delen: list[bytes], bladwijzers: list[tuple[str, int]]) -> bytes:
    """``voorkant`` keeps its catalogue (language, title, metadata, PDF/UA mark); the parts
    follow it, then every page gets its number. ``bladwijzers``: (title, page from 0) of the
    whole, under the front's own."""
    uit = pikepdf.open(io.BytesIO(voorkant))
    boom = uit.Root.StructTreeRoot
    document = boom.K[0]
    nums = boom.ParentTree.Nums
    volgende = max((int(k) for k in list(nums)[::2]), default=-1) + 1
    bronnen = []  # open until written: the copies are read from them
    for deel in delen:
        bron = pikepdf.open(io.BytesIO(deel))
        bronnen.append(bron)
        eerste = len(uit.pages)
        uit.pages.extend(bron.pages)
        for pagina in uit.pages[eerste:]:
            if "/StructParents" in pagina.obj:
                pagina.obj.StructParents = int(pagina.obj.StructParents) + volgende
            for annotatie in pagina.obj.get("/Annots", []):
                if "/StructParent" in annotatie:
                    annotatie.StructParent = int(annotatie.StructParent) + volgende
        volgende = _hang_boom_aan(uit, bron, document, nums, volgende)
    boom.ParentTreeNextKey = volgende
    with uit.open_outline() as outline:
        outline.root.extend(OutlineItem(titel, pagina) for titel, pagina in bladwijzers)
    _nummer(uit)
    buffer = io.BytesIO()
    # Object streams, as WeasyPrint writes: the thousands of small structure elements
    # compressed together (without, the file is about three times as large).
    uit.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for bron in bronnen:
        bron.close()
    return buffer.getvalue()


def _hang_boom_aan(uit, bron, document, nums, verschuiving: int) -> int:
    """The part's structure elements under the front's Document element, its parent tree
    entries after the front's. Returns the next free key."""
    if "/StructTreeRoot" not in bron.Root:
        return verschuiving
    eigen = bron.Root.StructTreeRoot
    for kind in eigen.K[0].K:
        del kind.P  # or the copy drags the part's own root and Document element along
        kopie = uit.copy_foreign(kind)
        kopie.P = document
        document.K.append(kopie)
    hoogste = verschuiving - 1
    bronnums = list(eigen.ParentTree.Nums)
    for sleutel, waarde in zip(bronnums[::2], bronnums[1::2], strict=True):
        nums.append(int(sleutel) + verschuiving)
        if isinstance(waarde, Array):  # a page's elements by marked-content id
            nums.append(Array([uit.copy_foreign(e) for e in waarde]))
        else:  # an annotation's element
            nums.append(uit.copy_foreign(waarde))
        hoogste = max(hoogste, int(sleutel) + verschuiving)
    return hoogste + 1


def _nummer(uit) -> None:
    """'pagina N van M' on every page, as the stylesheet would put it."""
    from zelfscan.rapporten import pdf

    liggend = [p.mediabox[2] > p.mediabox[3] for p in uit.pages]
    html = render_to_string("rapporten/paginanummers.html", {"liggend": liggend})
    with pikepdf.open(io.BytesIO(pdf.html_naar_pdf(html, getagd=False))) as nummers:
        for pagina, nummer in zip(uit.pages, nummers.pages, strict=True):
            # Not part of the text: an artifact, as PDF/UA asks of page numbers.
            nummer.contents_coalesce()
            nummer.Contents.write(b"/Artifact BMC\n" + nummer.Contents.read_bytes() + b"\nEMC\n")
            pagina.add_overlay(nummer)
