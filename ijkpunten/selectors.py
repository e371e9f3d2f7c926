"""Reads of the norm. Each runs a fixed number of queries, whatever the size of the norm."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ijkpunten.models import (
    Begrip,
    Groep,
    Item,
    LandelijkGemiddelde,
    Normkader,
    Ontwikkelstap,
    Uitleg,
)


def normkaders_visible_to(user) -> QuerySet[Normkader]:
    """The norm is public policy once vastgesteld; a concept only for the staff editing it."""
    if user.is_authenticated and user.is_staff:
        return Normkader.objects.all()
    return Normkader.objects.vastgesteld()


def get_normkader_for_user(user, code: str | None) -> Normkader:
    qs = normkaders_visible_to(user)
    if code is None:
        normkader = Normkader.objects.vastgesteld().order_by("-vastgesteld_op", "-pk").first()
    else:
        normkader = qs.filter(code=code).first()
    if normkader is None:
        raise Http404("Normkader niet gevonden")
    return normkader


_ITEMS = Prefetch("items", queryset=Item.objects.order_by("volgorde"))
_SHARED = Prefetch(
    "gedeelde_items", queryset=Item.objects.select_related("groep").order_by("groep", "volgorde")
)


def groepen(normkader: Normkader, *soorten: str, with_items: bool = False) -> list[Groep]:
    qs = normkader.groepen.filter(soort__in=soorten).select_related("domein").order_by("nummer")
    if with_items:
        qs = qs.prefetch_related(_ITEMS, _SHARED, "risicosignalen")
    return list(qs)


@dataclass
class Overzicht:
    normkader: Normkader
    aspecten: list[Groep]
    domeinen: list[tuple]  # (Domein, [Groep, ...])
    protocollen: list[Groep]
    themas: list[Groep]
    hgw_secties: list[Groep]
    toezichtkader: list[Groep]
    schaal: list = field(default_factory=list)


def norm_overzicht(normkader: Normkader) -> Overzicht:
    alle = list(normkader.groepen.select_related("domein").order_by("soort", "nummer"))
    per_soort = defaultdict(list)
    for groep in alle:
        per_soort[groep.soort].append(groep)
    per_domein = defaultdict(list)
    for groep in per_soort[Groep.Soort.IJKPUNT]:
        per_domein[groep.domein_id].append(groep)
    domeinen = [(d, per_domein[d.pk]) for d in normkader.domeinen.order_by("nummer")]
    return Overzicht(
        normkader=normkader,
        aspecten=per_soort[Groep.Soort.ANB_ASPECT],
        domeinen=domeinen,
        protocollen=per_soort[Groep.Soort.PROTOCOL],
        themas=per_soort[Groep.Soort.THEMA],
        hgw_secties=per_soort[Groep.Soort.HGW_SECTIE],
        toezichtkader=per_soort[Groep.Soort.TOEZICHTKADER],
        schaal=list(normkader.schaal.order_by("waarde")),
    )


@dataclass
class GroepDetail:
    groep: Groep
    items_per_bron: list[tuple[str, list[Item]]]
    gedeelde_items: list[Item]
    risicosignalen: list


# The order in which the sources of an ijkpunt are shown, as in the source document.
_BRON_VOLGORDE = [
    Item.Bron.INSPECTIE,
    Item.Bron.REFERENTIEKADER,
    Item.Bron.ALMEERSE_AFSPRAKEN,
]


def groep_detail(normkader: Normkader, code: str) -> GroepDetail:
    groep = (
        normkader.groepen.select_related("domein", "normkader")
        .prefetch_related(_ITEMS, _SHARED, "risicosignalen")
        .filter(code=code)
        .first()
    )
    if groep is None:
        raise Http404("Onderdeel van de norm niet gevonden")
    per_bron = defaultdict(list)
    for item in groep.items.all():
        per_bron[item.bron].append(item)
    if groep.soort == Groep.Soort.IJKPUNT:
        # Every source is listed for an ijkpunt, also one without indicators of its own.
        bronnen = _BRON_VOLGORDE
    else:
        bronnen = list(dict.fromkeys(item.bron for item in groep.items.all()))
    labels = dict(Item.Bron.choices)
    return GroepDetail(
        groep=groep,
        items_per_bron=[(labels[bron], per_bron[bron]) for bron in bronnen],
        gedeelde_items=list(groep.gedeelde_items.all()),
        risicosignalen=list(groep.risicosignalen.all()),
    )


@dataclass
class GroepMetItems:
    """A group with the items that count for it: its own, then those it shares."""

    groep: Groep
    eigen_items: list[Item]
    gedeelde_items: list[Item]

    @property
    def aantal_items(self) -> int:
        return len(self.eigen_items) + len(self.gedeelde_items)


def _met_items(lijst: list[Groep]) -> list[GroepMetItems]:
    return [GroepMetItems(g, list(g.items.all()), list(g.gedeelde_items.all())) for g in lijst]


def themas_en_protocollen(normkader: Normkader) -> dict:
    return {
        "protocollen": _met_items(groepen(normkader, Groep.Soort.PROTOCOL, with_items=True)),
        "themas": _met_items(groepen(normkader, Groep.Soort.THEMA, with_items=True)),
        "niveaus": list(normkader.ondersteuningsniveaus.order_by("nummer")),
    }


def hgw_en_inspectie(normkader: Normkader) -> dict:
    return {
        "principes": list(normkader.hgw_principes.order_by("nummer")),
        "fasen": list(normkader.cyclusfasen.order_by("nummer")),
        "secties": groepen(normkader, Groep.Soort.HGW_SECTIE, with_items=True),
        "toezichtkader": groepen(normkader, Groep.Soort.TOEZICHTKADER, with_items=True),
    }


def landelijk_gemiddelde(normkader, schooljaar: str) -> dict:
    """The national referral rates per kind ("SBO", "SO") for a school year, None where the SWV
    has not entered them."""
    rij = LandelijkGemiddelde.objects.filter(normkader=normkader, schooljaar=schooljaar).first()
    return {
        "SBO": rij.verwijzingen_sbo if rij else None,
        "SO": rij.verwijzingen_so if rij else None,
    }


def uitleg(normkader) -> list[Uitleg]:
    return list(normkader.uitleg.order_by("nummer"))


def ontwikkelstappen(normkader_id: int | None) -> dict[int, Ontwikkelstap]:
    """The seven steps of 003 by number, of ``normkader_id`` or, without one, of the version
    in force (the newest vastgesteld)."""
    if normkader_id is None:
        normkader_id = Normkader.objects.vastgesteld().values_list("pk", flat=True).first()
    return {s.nummer: s for s in Ontwikkelstap.objects.filter(normkader_id=normkader_id)}


def uitleg_anker(sectie: Uitleg) -> str:
    return f"uitleg-{slugify(sectie.titel)}"


def begrippen(normkader) -> list[Begrip]:
    return list(normkader.begrippen.order_by("nummer"))


@dataclass(frozen=True)
class Begripmarkering:
    """The glossary's terms found in a text of the norm: the first use of each term in a text
    links to its explanation."""

    patroon: re.Pattern | None
    per_vorm: dict  # the term as a text uses it, lower case -> anchor on the glossary page
    url: str

    def markeer(self, tekst: str) -> str:
        veilig = conditional_escape(tekst)
        if self.patroon is None:
            return veilig
        gezien = set()

        def link(match):
            anker = self.per_vorm[match.group(0).lower()]
            if anker in gezien:
                return match.group(0)
            gezien.add(anker)
            return f'<a class="begrip" href="{self.url}#{anker}">{match.group(0)}</a>'

        return mark_safe(self.patroon.sub(link, veilig))  # noqa: S308 - escaped above


def begrip_anker(begrip: Begrip) -> str:
    return f"begrip-{slugify(begrip.term)}"


def _vormen(term: str) -> list[str]:
    """How a text uses a term: without its part in brackets ("Dekkend netwerk (van
    ondersteuning)", "Handelingsgericht (samen)werken"), and its abbreviation ("WOP")."""
    vormen = [re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)\s*", " ", term)).strip()]
    vormen += [a for a in re.findall(r"\(([^)]*)\)", term) if a.isupper()]
    return vormen


_MARKERINGEN: dict[int, Begripmarkering] = {}


def begrip_markering(normkader) -> Begripmarkering:
    """One query per version of the norm and process (an established version never changes)."""
    if normkader.pk in _MARKERINGEN:
        return _MARKERINGEN[normkader.pk]
    per_vorm = {
        vorm.lower(): begrip_anker(b) for b in begrippen(normkader) for vorm in _vormen(b.term)
    }
    patroon = None
    if per_vorm:
        alternatieven = "|".join(re.escape(v) for v in sorted(per_vorm, key=len, reverse=True))
        patroon = re.compile(rf"\b(?:{alternatieven})\b", re.IGNORECASE)
    url = reverse("ijkpunten:begrippen", kwargs={"normkader": normkader.code})
    markering = Begripmarkering(patroon, per_vorm, url)
    if normkader.is_vastgesteld:
        _MARKERINGEN[normkader.pk] = markering
    return markering


def mag_norm_beheren(user) -> bool:
    """Who keeps the versions of the norm (new versions, their concordantie, establishing
    them): staff with the right to change the norm, a superuser or a beheerder given that
    right in the admin. The norm is shared by every SWV of the city."""
    return bool(
        user.is_authenticated and user.is_staff and user.has_perm("ijkpunten.change_normkader")
    )


def get_normkader_to_manage(user, code: str) -> Normkader:
    """A version for someone who may manage the norm; 404 for anyone else, so a concept's
    code says nothing to them."""
    if not mag_norm_beheren(user):
        raise Http404
    normkader = Normkader.objects.filter(code=code).select_related("afgeleid_van").first()
    if normkader is None:
        raise Http404
    return normkader
