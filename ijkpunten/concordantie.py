"""The concordantie between two versions of the norm: what became of each item and group.

A concept version derived from another (``Normkader.afgeleid_van``) carries lines
(``ItemOvergang``, ``GroepOvergang``) from the rows of that older version to its own. Copying a
version draws every line at once; a version loaded from a file gets lines proposed where codes
or texts match, and the SWV draws the rest by hand. A version is established only when every
row of both versions is on a line (``open_punten``), so nothing of the old norm silently drops
out of a trend.

Everything that looks back a round (last year's answers beside an item, prefill, the
development points carried over, last round's evidence, the change per group, the trend of an
indicator) asks ``Concordantie.tussen(old version, new version)`` instead of matching codes:
codes are reused for other texts when a norm is renumbered.

The relation of a line is not stored but read from the lines' shape, so it cannot contradict
them: one old row to several new ones is *gesplitst*, several old rows to one new row is
*samengevoegd*, a 1:1 line is *gelijk* when the text (an item's text, a group's name) is
unchanged and *hergeformuleerd* otherwise. A trend draws a line only through 1:1 lines; a split
or a merge is a break, shown with its toelichting.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ijkpunten.models import Groep, GroepOvergang, Item, ItemOvergang, Normkader


class Relatie(TextChoices):
    GELIJK = "gelijk", gettext_lazy("the same")
    HERGEFORMULEERD = "hergeformuleerd", gettext_lazy("reworded")
    GESPLITST = "gesplitst", gettext_lazy("split")
    SAMENGEVOEGD = "samengevoegd", gettext_lazy("merged")
    NIEUW = "nieuw", gettext_lazy("new")
    VERVALLEN = "vervallen", gettext_lazy("removed")


DOORLOPEND = {Relatie.GELIJK, Relatie.HERGEFORMULEERD}


@dataclass(frozen=True)
class Herkomst:
    """Where one row of the newer version comes from: the rows of the older version
    (``bronnen``, ids), whether a trend may draw a line to them, and if not, why."""

    bronnen: tuple[int, ...]
    relatie: str
    breuk: str = ""

    @property
    def doorlopend(self) -> bool:
        return self.relatie in DOORLOPEND

    @property
    def enige_bron(self) -> int | None:
        """The one older row this row continues or was split from (prefill, last year's
        answer); None for a new row or a merge."""
        return self.bronnen[0] if len(self.bronnen) == 1 else None


@dataclass(frozen=True)
class _Lijn:
    oud: int | None
    nieuw: int | None
    oud_code: str
    gelijke_tekst: bool
    toelichting: str


def _relaties(lijnen: list[_Lijn]) -> dict:
    """Per line (oud, nieuw): its relation, from the shape of all lines of one step."""
    uit, in_ = defaultdict(set), defaultdict(set)
    for lijn in lijnen:
        if lijn.oud is not None and lijn.nieuw is not None:
            uit[lijn.oud].add(lijn.nieuw)
            in_[lijn.nieuw].add(lijn.oud)
    relaties = {}
    for lijn in lijnen:
        if lijn.nieuw is None:
            relatie = Relatie.VERVALLEN
        elif lijn.oud is None:
            relatie = Relatie.NIEUW
        elif len(in_[lijn.nieuw]) > 1:
            relatie = Relatie.SAMENGEVOEGD
        elif len(uit[lijn.oud]) > 1:
            relatie = Relatie.GESPLITST
        elif lijn.gelijke_tekst:
            relatie = Relatie.GELIJK
        else:
            relatie = Relatie.HERGEFORMULEERD
        relaties[(lijn.oud, lijn.nieuw)] = relatie
    return relaties


class _Stap:
    """The lines of one version to the version it was derived from."""

    def __init__(self, lijnen: list[_Lijn]):
        self.relaties = _relaties(lijnen)
        self.naar_oud = defaultdict(list)
        self.naar_nieuw = defaultdict(list)
        self.lijnen = {}
        for lijn in lijnen:
            self.lijnen[(lijn.oud, lijn.nieuw)] = lijn
            if lijn.nieuw is not None and lijn.oud is not None:
                self.naar_oud[lijn.nieuw].append(lijn)
                self.naar_nieuw[lijn.oud].append(lijn)

    def herkomst(self, nieuw: int) -> Herkomst:
        lijnen = sorted(self.naar_oud.get(nieuw, []), key=lambda lijn: lijn.oud_code)
        if not lijnen:
            nieuw_lijn = self.lijnen.get((None, nieuw))
            uitleg = _("new in this version of the norm")
            if nieuw_lijn and nieuw_lijn.toelichting:
                uitleg = f"{uitleg}: {nieuw_lijn.toelichting}"
            return Herkomst((), Relatie.NIEUW, uitleg)
        relatie = self.relaties[(lijnen[0].oud, nieuw)]
        bronnen = tuple(lijn.oud for lijn in lijnen)
        if relatie in DOORLOPEND:
            return Herkomst(bronnen, relatie)
        codes = ", ".join(lijn.oud_code for lijn in lijnen)
        if relatie == Relatie.SAMENGEVOEGD:
            uitleg = _("merged from %(codes)s") % {"codes": codes}
        else:
            uitleg = _("split from %(codes)s") % {"codes": codes}
        redenen = sorted({lijn.toelichting for lijn in lijnen if lijn.toelichting})
        if redenen:
            uitleg = f"{uitleg}: {'; '.join(redenen)}"
        return Herkomst(bronnen, relatie, uitleg)


class Concordantie:
    """How the items and groups of ``nieuw`` (a version) descend from those of ``oud`` (an
    older version it was derived from, in one or more steps). Three queries; none when both
    are the same version."""

    def __init__(self, item_stappen: list[_Stap], groep_stappen: list[_Stap], verband: bool):
        self._items = item_stappen
        self._groepen = groep_stappen
        self.verband = verband

    @classmethod
    def identiteit(cls) -> "Concordantie":
        return cls([], [], True)

    @classmethod
    def tussen(cls, oud_id: int | None, nieuw_id: int) -> "Concordantie":
        if oud_id is None or oud_id == nieuw_id:
            return cls.identiteit()
        afgeleid = dict(Normkader.objects.values_list("pk", "afgeleid_van_id"))
        keten, stap = [], nieuw_id
        while stap is not None and stap != oud_id and stap not in keten:
            keten.append(stap)
            stap = afgeleid.get(stap)
        if stap != oud_id:
            # No line of descent: nothing of the older version is known here.
            return cls([], [], False)
        return cls(
            cls._stappen(ItemOvergang, keten, "tekst", "groep__code"),
            cls._stappen(GroepOvergang, keten, "naam", None),
            True,
        )

    @staticmethod
    def _stappen(model, keten: list[int], tekstveld: str, groepveld: str | None) -> list[_Stap]:
        """Oldest step first."""
        per_versie = defaultdict(list)
        velden = ["normkader_id", "oud_id", "nieuw_id", "toelichting", "oud__code",
                  f"oud__{tekstveld}", f"nieuw__{tekstveld}"]  # fmt: skip
        if groepveld:
            velden.append(f"oud__{groepveld}")
        for rij in model.objects.filter(normkader__in=keten).values(*velden):
            code = rij["oud__code"] or ""
            if groepveld and rij[f"oud__{groepveld}"]:
                code = f"{rij[f'oud__{groepveld}']} {code}"
            per_versie[rij["normkader_id"]].append(
                _Lijn(rij["oud_id"], rij["nieuw_id"], code,
                      rij[f"oud__{tekstveld}"] == rij[f"nieuw__{tekstveld}"], rij["toelichting"])
            )  # fmt: skip
        return [_Stap(per_versie[versie]) for versie in reversed(keten)]

    @staticmethod
    def _herkomst(stappen: list[_Stap], verband: bool, nieuw: int) -> Herkomst:
        if not stappen:
            if verband:
                return Herkomst((nieuw,), Relatie.GELIJK)
            return Herkomst((), Relatie.NIEUW, _("no concordantie with the earlier version"))
        # Walk back from the newest step; the line holds only if every step is 1:1.
        bronnen, relatie, breuken = (nieuw,), Relatie.GELIJK, []
        for stap in reversed(stappen):
            volgende = []
            for bron in bronnen:
                herkomst = stap.herkomst(bron)
                volgende.extend(herkomst.bronnen)
                if not herkomst.doorlopend:
                    relatie = herkomst.relatie
                    breuken.append(herkomst.breuk)
                elif herkomst.relatie == Relatie.HERGEFORMULEERD and relatie == Relatie.GELIJK:
                    relatie = Relatie.HERGEFORMULEERD
            bronnen = tuple(dict.fromkeys(volgende))
        return Herkomst(bronnen, relatie, "; ".join(dict.fromkeys(b for b in breuken if b)))

    def item(self, nieuw: int) -> Herkomst:
        return self._herkomst(self._items, self.verband, nieuw)

    def groep(self, nieuw: int) -> Herkomst:
        return self._herkomst(self._groepen, self.verband, nieuw)

    def opvolgers(self, oude_items: set[int], nieuwe_items) -> dict[int, list[int]]:
        """{old item id: the ids among ``nieuwe_items`` that descend from it}: where a
        development point or a piece of evidence of last round goes."""
        return self._opvolgers(self.item, oude_items, nieuwe_items)

    def groep_opvolgers(self, oude_groepen: set[int], nieuwe_groepen) -> dict[int, list[int]]:
        return self._opvolgers(self.groep, oude_groepen, nieuwe_groepen)

    @staticmethod
    def _opvolgers(herkomst, oude: set[int], nieuwe) -> dict[int, list[int]]:
        uit = defaultdict(list)
        for nieuw in nieuwe:
            for bron in herkomst(nieuw).bronnen:
                if bron in oude:
                    uit[bron].append(nieuw)
        return uit


# --- the concordantie of one concept version, as the SWV sees and edits it


SOORTEN = {"item": (Item, ItemOvergang), "groep": (Groep, GroepOvergang)}


def _rijen(model, normkader_id):
    if model is Item:
        return Item.objects.filter(groep__normkader=normkader_id).select_related("groep")
    return Groep.objects.filter(normkader=normkader_id)


@dataclass
class OpenPunten:
    """What is not yet on a line: old rows nobody said became what, new rows nobody said
    come from where."""

    oude_items: list
    nieuwe_items: list
    oude_groepen: list
    nieuwe_groepen: list

    @property
    def aantal(self) -> int:
        return sum(map(len, (self.oude_items, self.nieuwe_items, self.oude_groepen,
                             self.nieuwe_groepen)))  # fmt: skip


def open_punten(normkader: Normkader) -> OpenPunten:
    """Four queries; everything empty for a version derived from nothing."""
    if normkader.afgeleid_van_id is None:
        return OpenPunten([], [], [], [])
    uit = []
    for model, overgang in SOORTEN.values():
        lijnen = overgang.objects.filter(normkader=normkader)
        uit.append(list(_rijen(model, normkader.afgeleid_van_id).exclude(
            pk__in=lijnen.filter(oud__isnull=False).values("oud")
        )))  # fmt: skip
        uit.append(list(_rijen(model, normkader.pk).exclude(
            pk__in=lijnen.filter(nieuw__isnull=False).values("nieuw")
        )))  # fmt: skip
    return OpenPunten(*uit)


class ConcordantieError(Exception):
    """A line the rules do not allow; the message is for the user."""


def _concept_met_bron(normkader: Normkader):
    if normkader.is_vastgesteld:
        raise ConcordantieError(
            _("Version %(code)s is established; its concordantie can no longer change.")
            % {"code": normkader.code}
        )
    if normkader.afgeleid_van_id is None:
        raise ConcordantieError(
            _("Version %(code)s is not derived from another version.") % {"code": normkader.code}
        )


def _uniek(rijen, waarde) -> dict:
    """{value: row} for the values only one row has."""
    per = defaultdict(list)
    for rij in rijen:
        per[waarde(rij)].append(rij)
    return {k: v[0] for k, v in per.items() if len(v) == 1}


def _voorstel(overgang, normkader, oude: list, nieuwe: list, waarden) -> list:
    """Lines from old to new rows whose value is found once on each side, by each of
    ``waarden`` in turn; a row once matched is not matched again."""
    lijnen, nieuwe = [], list(nieuwe)
    for waarde in waarden:
        nieuw_per = _uniek(nieuwe, waarde)
        for oud in _uniek(oude, waarde).values():
            if (nieuw := nieuw_per.get(waarde(oud))) is not None:
                lijnen.append(overgang(normkader=normkader, oud=oud, nieuw=nieuw,
                                       voorgesteld=True))  # fmt: skip
                nieuwe.remove(nieuw)
        gekoppeld = {lijn.oud_id for lijn in lijnen}
        oude = [o for o in oude if o.pk not in gekoppeld]
    return lijnen


@transaction.atomic
def stel_voor(*, normkader: Normkader) -> int:
    """Draw a line, marked as proposed, wherever an old row not yet on a line has a new row
    not yet on a line with the same code (an item: in a group of the same code), or failing
    that the same text (an item) or name (a group), found once on each side. Returns the
    number of lines drawn; what is left the SWV settles by hand."""
    _concept_met_bron(normkader)
    punten = open_punten(normkader)
    lijnen = _voorstel(
        ItemOvergang, normkader, punten.oude_items, punten.nieuwe_items,
        (lambda i: (i.groep.code, i.code), lambda i: i.tekst.strip()),
    ) + _voorstel(
        GroepOvergang, normkader, punten.oude_groepen, punten.nieuwe_groepen,
        (lambda g: g.code, lambda g: g.naam.strip()),
    )  # fmt: skip
    for overgang in (ItemOvergang, GroepOvergang):
        overgang.objects.bulk_create(lijn for lijn in lijnen if isinstance(lijn, overgang))
    return len(lijnen)


@transaction.atomic
def leg_vast(
    *, normkader: Normkader, soort: str, oud: int | None, nieuw: list[int], toelichting: str
) -> None:
    """Set by hand what one old row became (``nieuw``: the new rows; empty: removed), or with
    ``oud`` None that the one new row in ``nieuw`` is new. Replaces what was said before."""
    _concept_met_bron(normkader)
    model, overgang = SOORTEN[soort]
    nieuw = list(dict.fromkeys(nieuw))
    if oud is not None and not _rijen(model, normkader.afgeleid_van_id).filter(pk=oud).exists():
        raise ConcordantieError(_("That row is not part of the earlier version."))
    if len(set(nieuw)) != _rijen(model, normkader.pk).filter(pk__in=nieuw).count():
        raise ConcordantieError(_("That row is not part of this version."))
    lijnen = overgang.objects.filter(normkader=normkader)
    if oud is None:
        if len(nieuw) != 1:
            raise ConcordantieError(_("Choose one row of this version to mark as new."))
        if lijnen.filter(nieuw=nieuw[0], oud__isnull=False).exists():
            raise ConcordantieError(
                _("This row already comes from a row of the earlier version; remove that line "
                  "first.")
            )  # fmt: skip
        lijnen.filter(nieuw=nieuw[0]).delete()
        overgang.objects.create(normkader=normkader, nieuw_id=nieuw[0], toelichting=toelichting)
        return
    lijnen.filter(oud=oud).delete()
    # A new row that now comes from somewhere is no longer "new".
    lijnen.filter(oud__isnull=True, nieuw__in=nieuw).delete()
    overgang.objects.bulk_create(
        overgang(normkader=normkader, oud_id=oud, nieuw_id=n, toelichting=toelichting)
        for n in (nieuw or [None])
    )


def lijnen_van(normkader: Normkader, soort: str) -> list[dict]:
    """The lines of a concept, oldest row first, each with its relation (two queries)."""
    model, overgang = SOORTEN[soort]
    rijen = list(
        overgang.objects.filter(normkader=normkader).select_related(
            *(("oud__groep", "nieuw__groep") if model is Item else ("oud", "nieuw"))
        )
    )
    tekst = "tekst" if model is Item else "naam"
    relaties = _relaties([
        _Lijn(r.oud_id, r.nieuw_id, "",
              r.oud is not None and r.nieuw is not None
              and getattr(r.oud, tekst) == getattr(r.nieuw, tekst), r.toelichting)
        for r in rijen
    ])  # fmt: skip

    def volgorde(r):
        kant = r.oud or r.nieuw
        groep = kant.groep if model is Item else kant
        return (r.oud is None, groep.soort, groep.nummer, getattr(kant, "volgorde", 0))

    return [
        {"lijn": r, "relatie": Relatie(relaties[(r.oud_id, r.nieuw_id)])}
        for r in sorted(rijen, key=volgorde)
    ]
