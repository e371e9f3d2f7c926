"""The team's input: the colleagues the school invites (typed or pasted from a spreadsheet),
sending a link again, and one colleague's rating of one item."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zelfscan.forms.scans import OordeelForm, WijzigingForm
from zelfscan.forms.velden import Datumveld, tekstveld
from zelfscan.models import Teamscore

# At most this many colleagues in one go: a school team, not a mailing list.
MEESTE_COLLEGAS = 100
_SCHEIDINGEN = ("\t", ";", ",")


def standaard_geldig_tot() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.TEAM_LINK_DAGEN)


def _lees_regel(regel: str) -> tuple[str, str] | None:
    """ "Naam<TAB>adres" (two cells from a spreadsheet), "Naam; adres", "Naam, adres",
    "Naam <adres>" or an address alone, as (name, address). None when no cell is an e-mail
    address."""
    regel = regel.replace("<", "\t").replace(">", "\t")
    cellen = [regel]
    for teken in _SCHEIDINGEN:
        if teken in regel:
            cellen = regel.split(teken)
            break
    cellen = [c.strip().strip('"').strip() for c in cellen]
    adres = None
    for cel in cellen:
        try:
            validate_email(cel)
        except ValidationError:
            continue
        adres = cel
        break
    if adres is None:
        return None
    naam = " ".join(c for c in cellen if c and c != adres)
    return naam[:200] or adres, adres.lower()


class CollegasVeld(forms.CharField):
    widget = forms.Textarea

    def to_python(self, value) -> list[tuple[str, str]]:
        tekst = super().to_python(value)
        collegas, fouten, gezien = [], [], set()
        for nummer, regel in enumerate(tekst.splitlines(), start=1):
            if not regel.strip():
                continue
            collega = _lees_regel(regel)
            if collega is None:
                fouten.append(
                    ValidationError(
                        _("Line %(n)s: no valid e-mail address found (%(regel)s)."),
                        params={"n": nummer, "regel": regel.strip()[:80]},
                    )
                )
            elif collega[1] not in gezien:
                gezien.add(collega[1])
                collegas.append(collega)
        if fouten:
            raise ValidationError(fouten[:5])
        if len(collegas) > MEESTE_COLLEGAS:
            raise ValidationError(
                _("At most %(n)s colleagues at a time."), params={"n": MEESTE_COLLEGAS}
            )
        return collegas

    def validate(self, value):
        if not value:
            raise ValidationError(
                _("Fill in one or more colleagues: a name and an e-mail address.")
            )


class UitnodigingForm(forms.Form):
    collegas = CollegasVeld(
        label=_("Colleagues"),
        help_text=_(
            "One per line: name and e-mail address, separated by a tab, semicolon or comma. "
            "You can paste two columns from a spreadsheet."
        ),
        max_length=20000,
    )
    onderdelen = forms.MultipleChoiceField(
        label=_("Parts to rate"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose one or more parts of this scan."),
            "invalid_choice": _("Choose one or more parts of this scan."),
        },
    )
    geldig_tot = Datumveld(
        label=_("Link valid until"), wat=_("the date until which the link is valid")
    )

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onderdelen"].choices = keuzes
        self.fields["geldig_tot"].initial = standaard_geldig_tot()


class OpnieuwForm(forms.Form):
    geldig_tot = Datumveld(
        label=_("Link valid until"), wat=_("the date until which the link is valid")
    )


class TeamscoreForm(OordeelForm):
    """A colleague's rating: 1–4, or no judgement (empty), and an optional note."""

    toelichting = tekstveld(Teamscore, "toelichting", wat=_("the note"), strip=False)


class TeamWijzigingForm(WijzigingForm):
    """Which item the autosave script's change is about, and the change's id (a colleague
    rates items only)."""

    soort = None
