"""The support cards (ondersteuningskaarten) of the Almere themes: the norm's structure
(``ijkpunten.Kaartaspect`` per card, the four ``Ondersteuningsniveau``s) with what the SWV
wrote in it (``Kaartinhoud``). Reads for everyone of the SWV; one write, for its beheerder.
"""

from dataclasses import dataclass

from django.db import transaction

from ijkpunten.models import Groep, Kaartaspect, Normkader, Ondersteuningsniveau
from zelfscan.models import Kaartinhoud, Samenwerkingsverband, Scanronde


def normkader_van(swv: Samenwerkingsverband) -> Normkader | None:
    """The version whose themes the SWV's cards follow: that of its newest round, else the
    version in force."""
    ronde = Scanronde.objects.filter(swv=swv).order_by("-schooljaar", "-pk").first()
    if ronde is not None:
        return ronde.normkader
    return Normkader.objects.vastgesteld().first()


def themas(swv: Samenwerkingsverband, normkader: Normkader) -> list[Groep]:
    """The themes the SWV's schools are asked (theme 4 is the po's only)."""
    return list(
        Groep.objects.filter(normkader=normkader, soort=Groep.Soort.THEMA)
        .filter(sector__in=["", swv.sector])
        .order_by("nummer")
    )


@dataclass
class Kaartdeel:
    """One card of a theme (the handreiking or the kenniskaart): per aspect, the text per
    level (empty where the SWV has not written it yet)."""

    kaart: str
    titel: str
    inleiding: str
    rijen: list  # (aspect, [(niveau, text), ...])


@dataclass
class Ondersteuningskaart:
    swv: Samenwerkingsverband
    thema: Groep
    niveaus: list
    delen: list[Kaartdeel]

    @property
    def leeg(self) -> bool:
        return not any(tekst for deel in self.delen for _a, cellen in deel.rijen
                       for _n, tekst in cellen)  # fmt: skip


def ondersteuningskaart(swv: Samenwerkingsverband, thema: Groep) -> Ondersteuningskaart:
    """The theme's card as the SWV wrote it, in three queries."""
    aspecten = list(Kaartaspect.objects.filter(normkader=thema.normkader_id).order_by("nummer"))
    niveaus = list(Ondersteuningsniveau.objects.filter(normkader=thema.normkader_id))
    teksten = {
        (k.aspect_id, k.niveau_id): k.tekst
        for k in Kaartinhoud.objects.filter(swv=swv, thema=thema).only(
            "aspect_id", "niveau_id", "tekst"
        )
    }
    delen = []
    for waarde, titel in Kaartaspect.Kaart.choices:
        eigen = [a for a in aspecten if a.kaart == waarde]
        if eigen:
            delen.append(Kaartdeel(
                kaart=waarde, titel=str(titel), inleiding=eigen[0].inleiding,
                rijen=[(a, [(n, teksten.get((a.pk, n.pk), "")) for n in niveaus]) for a in eigen],
            ))  # fmt: skip
    return Ondersteuningskaart(swv=swv, thema=thema, niveaus=niveaus, delen=delen)


def veldnaam(aspect_id: int, niveau_id: int) -> str:
    return f"a{aspect_id}-n{niveau_id}"


@transaction.atomic
def kaart_opslaan(*, kaart: Ondersteuningskaart, teksten: dict[str, str], door) -> int:
    """Store the card's texts as the form checked them (field name -> text): a changed text
    is written, an emptied one removed, an unchanged one left alone. Returns how many
    changed."""
    gewijzigd = 0
    for deel in kaart.delen:
        for aspect, cellen in deel.rijen:
            for niveau, oud in cellen:
                nieuw = teksten.get(veldnaam(aspect.pk, niveau.pk), "").strip()
                if nieuw == oud:
                    continue
                sleutel = {"swv": kaart.swv, "thema": kaart.thema, "aspect": aspect,
                           "niveau": niveau}  # fmt: skip
                if nieuw:
                    Kaartinhoud.objects.update_or_create(
                        **sleutel, defaults={"tekst": nieuw, "gewijzigd_door": door}
                    )
                else:
                    Kaartinhoud.objects.filter(**sleutel).delete()
                gewijzigd += 1
    return gewijzigd
