"""A scan's input: one change of one answer (the page's save button sends many, the autosave
script one), the kengetallen, a comment, a step in the workflow, and opening a round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Normkader
from zelfscan.forms.velden import NamenVanDePagina, Versieveld, eerste_fout, tekstveld
from zelfscan.models import (
    Ambitie,
    Antwoord,
    Kengetallen,
    Opmerking,
    Scanronde,
    Statusovergang,
    Zelfscan,
)


class AntwoordForm(NamenVanDePagina, forms.Form):
    """A score of the norm's scale, or n.v.t.; whether n.v.t. is allowed for the item is the
    norm's rule, asked by the save."""

    score = forms.ChoiceField(
        choices=[("", ""), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("nvt", "n.v.t.")],
        required=False,
        error_messages={"invalid_choice": _("Choose a score from 1 to 4.")},
    )
    # Not trimmed: the autosave script stores what is typed, while it is typed.
    toelichting = tekstveld(Antwoord, "toelichting", wat=_("the explanation"), strip=False)
    # Why the school differs from its team: only on items the team rated, so a change that
    # does not carry it leaves it as it is (a missing field is not an emptied one).
    teamreden = tekstveld(Antwoord, "teamreden", wat=_("the reason"), strip=False)
    versie = Versieveld()

    def waarden(self) -> dict:
        keuze = self.cleaned_data["score"]
        waarden = {
            "score": None if keuze in ("", "nvt") else int(keuze),
            "nvt": keuze == "nvt",
            "toelichting": self.cleaned_data["toelichting"],
        }
        if self.add_prefix("teamreden") in self.data:
            waarden["teamreden"] = self.cleaned_data["teamreden"]
        return waarden


class OordeelForm(NamenVanDePagina, forms.Form):
    """A view of one item on the norm's scale (1–4), or none (empty), with a note: a
    colleague's rating, the consulent's view. Not an answer of the school (no n.v.t.); a
    subclass gives the note's field, whose limit is its model's."""

    score = forms.ChoiceField(
        choices=[("", ""), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")],
        required=False,
        error_messages={"invalid_choice": _("Choose a score from 1 to 4.")},
    )
    versie = Versieveld()

    def waarden(self) -> dict:
        keuze = self.cleaned_data["score"]
        return {
            "score": int(keuze) if keuze else None,
            "toelichting": self.cleaned_data["toelichting"],
        }


class SignaalForm(NamenVanDePagina, forms.Form):
    namen = {"aangevinkt": "signaal", "versie": "signaalversie"}

    aangevinkt = forms.BooleanField(required=False)
    versie = Versieveld()

    def waarden(self) -> dict:
        return {"aangevinkt": self.cleaned_data["aangevinkt"]}


class AmbitieForm(NamenVanDePagina, forms.Form):
    namen = {"toelichting": "ambitietoelichting", "versie": "ambitieversie"}

    niveau = forms.ChoiceField(
        choices=[("", ""), *Ambitie.Niveau.choices],
        required=False,
        error_messages={
            "invalid_choice": _("Choose an ambition: basisnorm, streefnorm or gespecialiseerd.")
        },
    )
    expertise = forms.ChoiceField(
        choices=Ambitie.Expertise.choices,
        required=False,
        error_messages={
            "invalid_choice": _("Choose whether the school brings or seeks expertise.")
        },
    )
    toelichting = tekstveld(Ambitie, "toelichting", wat=_("the note"), strip=False)
    versie = Versieveld()

    def waarden(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("niveau", "expertise", "toelichting")}


class DeelForm:
    """The save button of a part (what works with JavaScript off): a form for every item,
    signal and theme on it, named as the page names them, the kengetallen, and the prefilled
    answer the school confirms."""

    def __init__(self, data, *, items, signalen, themas, kengetallen: bool):
        self.formulieren = [
            *(("item", pk, AntwoordForm(data, prefix=str(pk))) for pk in items),
            *(("signaal", pk, SignaalForm(data, prefix=str(pk))) for pk in signalen),
            *(("ambitie", pk, AmbitieForm(data, prefix=str(pk))) for pk in themas),
        ]
        self.kengetallen = KengetallenForm(data) if kengetallen else None
        if self.kengetallen is not None:
            self.formulieren.append(("kengetallen", None, self.kengetallen))
        self._bevestig = forms.IntegerField(required=False)
        self._data = data

    def geldig(self):
        """(kind, id, form) of every form that holds no mistake."""
        return [(s, i, f) for s, i, f in self.formulieren if f.is_valid()]

    def fouten(self) -> dict:
        """{(kind, id): the first mistake} of every form that holds one."""
        return {(s, i): eerste_fout(f) for s, i, f in self.formulieren if not f.is_valid()}

    def bevestigd(self) -> int | None:
        try:
            return self._bevestig.clean(self._data.get("bevestig"))
        except forms.ValidationError:
            return None


class WijzigingForm(forms.Form):
    """What the autosave script says about a change besides its values: which answer, and the
    id of the change (a retry of it is recognised)."""

    FORMS = {"item": AntwoordForm, "signaal": SignaalForm, "ambitie": AmbitieForm}

    soort = forms.ChoiceField(
        choices=[(k, k) for k in FORMS],
        error_messages={"invalid_choice": _("Unknown kind of answer."),
                        "required": _("Unknown kind of answer.")},
    )  # fmt: skip
    id = forms.IntegerField(
        min_value=1,
        error_messages={"invalid": _("Unknown answer."), "required": _("Unknown answer.")},
    )
    wijziging = forms.UUIDField(required=False)


class KengetallenForm(forms.ModelForm):
    """The numbers behind the risk signals, checked against each other. The limits a school
    could mistype (more than 10,000 pupils, 10 fte) are plausibility, not the database's."""

    leerlingen = forms.IntegerField(
        label=_("Number of pupils"), min_value=0, max_value=10000, required=False
    )
    ib_fte = forms.DecimalField(
        label=_("IB fte"), min_value=0, max_value=10, required=False,
        decimal_places=Kengetallen._meta.get_field("ib_fte").decimal_places,
    )  # fmt: skip
    versie = Versieveld()

    class Meta:
        model = Kengetallen
        fields = ["leerlingen", "ib_fte", "verwijzingen_sbo", "verwijzingen_so", "thuiszitters",
                  "opps", "inspectieoordeel"]  # fmt: skip
        labels = {
            "verwijzingen_sbo": _("Referrals to SBO this year"),
            "verwijzingen_so": _("Referrals to SO this year"),
            "thuiszitters": _("Pupils at home without school"),
            "opps": _("Development plans (OPP)"),
            "inspectieoordeel": _("Latest judgement of the inspectorate"),
        }

    def __init__(self, *args, **kwargs):
        from zelfscan.resultaten.rekenregels import ib_norm_tekst

        super().__init__(*args, **kwargs)
        self.fields["ib_fte"].help_text = _("The norm is at least %(per)s fte per pupil.") % {
            "per": ib_norm_tekst()
        }

    def clean(self):
        data = super().clean()
        leerlingen = data.get("leerlingen")
        if leerlingen is not None:
            for veld in ("verwijzingen_sbo", "verwijzingen_so", "thuiszitters", "opps"):
                if (data.get(veld) or 0) > leerlingen:
                    self.add_error(veld, _("This cannot be more than the number of pupils."))
            fte = data.get("ib_fte")
            if fte is not None and leerlingen and fte > leerlingen / 20:
                self.add_error("ib_fte", _("More than one fte per 20 pupils is not plausible."))
        return data

    def waarden(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class BevestigForm(forms.Form):
    """Confirming all answers taken over from last year: only with the box ticked."""

    nagekeken = forms.BooleanField(required=True)


class OpmerkingForm(forms.Form):
    tekst = tekstveld(Opmerking, "tekst", wat=_("the comment"))


class OvergangForm(forms.Form):
    naar = forms.ChoiceField(choices=Zelfscan.Status.choices)
    reden = tekstveld(Statusovergang, "reden", wat=_("the reason"))


class ScanrondeForm(forms.Form):
    schooljaar = forms.RegexField(
        label=_("School year"), regex=r"^20[0-9]{2}-20[0-9]{2}$", help_text="2025-2026",
        error_messages={"invalid": _("A school year such as 2025-2026.")},
    )  # fmt: skip
    normkader = forms.ModelChoiceField(label=_("Version of the norm"), queryset=None)
    onderdelen = forms.MultipleChoiceField(
        label=_("Parts"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        choices=(),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versies = Normkader.objects.vastgesteld()
        self.fields["normkader"].queryset = versies
        # The newest adopted version is the one a new round uses, unless someone chooses.
        self.fields["normkader"].initial = versies.order_by("-vastgesteld_op", "-pk").first()
        if versies.count() == 1:
            self.fields["normkader"].empty_label = None
        self.fields["onderdelen"].choices = Scanronde.Onderdeel.choices
        self.fields["onderdelen"].initial = Scanronde.Onderdeel.values

    def clean_schooljaar(self):
        value = self.cleaned_data["schooljaar"]
        start, end = (int(x) for x in value.split("-"))
        if end != start + 1:
            raise forms.ValidationError(_("A school year such as 2025-2026."))
        return value
