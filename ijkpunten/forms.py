"""Forms of "Versies van de norm": a new version from a file or a copy, and one line of a
concordantie. Each checks its input once; the rules themselves are in ``services``,
``normbestand`` and ``concordantie``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Groep, Item, Normkader


class NormbestandForm(forms.Form):
    bestand = forms.FileField(
        label=_("Norm file (YAML or XLSX)"),
        help_text=_("In the layout of a downloaded norm file (the list above)."),
    )
    afgeleid_van = forms.ModelChoiceField(
        queryset=Normkader.objects.all(), required=False, to_field_name="code",
        label=_("Revises version"), empty_label=_("none (a norm of its own)"),
        help_text=_("The concordantie with that version is proposed where codes and texts "
                    "match."),
    )  # fmt: skip


class KopieForm(forms.Form):
    bron = forms.ModelChoiceField(
        queryset=Normkader.objects.all(), to_field_name="code", label=_("Copy of version")
    )
    code = forms.SlugField(label=_("Code of the new version"), max_length=40,
                           help_text=_("For example anb-2026."))  # fmt: skip
    naam = forms.CharField(label=_("Name of the new version"), max_length=200)


def _keuzes(rijen, soort: str, eerst: str = "") -> list:
    """Rows of a version as choices, an item under its group (an <optgroup>); the group coded
    ``eerst`` (the old row's own) at the top, where its successors most likely are."""
    if soort == "groep":
        return [(g.pk, f"{g.code} — {g.naam}") for g in rijen]
    per_groep = {}
    for item in rijen:
        per_groep.setdefault((item.groep.code != eerst, f"{item.groep.code} — {item.groep.naam}"),
                             []).append((item.pk, f"{item.code} — {item.tekst[:90]}"))  # fmt: skip
    # Stable: after the old row's own group, the norm's order.
    volgorde = sorted(per_groep.items(), key=lambda kv: kv[0][0])
    return [(naam, keuzes) for (_later, naam), keuzes in volgorde]


def rijen_van(normkader_id, soort: str):
    if soort == "groep":
        return Groep.objects.filter(normkader=normkader_id).order_by("soort", "nummer")
    return (
        Item.objects.filter(groep__normkader=normkader_id)
        .select_related("groep")
        .order_by("groep__soort", "groep__nummer", "volgorde")
    )


class OvergangForm(forms.Form):
    """What one row of the earlier version became: rows of this version, or removed."""

    nieuw = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label=_("Became"),
        help_text=_("One row: the same or reworded. Several: split. Choose a row that other "
                    "rows also became: merged. Hold Ctrl (Cmd on a Mac) to choose several."),
    )  # fmt: skip
    vervallen = forms.BooleanField(required=False, label=_("Removed from the norm"))
    toelichting = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Explanation"), help_text=_("Shown where a trend breaks at this row."),
    )  # fmt: skip

    def __init__(self, *args, normkader: Normkader, soort: str, eerst: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nieuw"].choices = _keuzes(rijen_van(normkader.pk, soort), soort, eerst)
        self.fields["nieuw"].widget.attrs["size"] = 12

    def clean(self):
        data = super().clean()
        if data.get("nieuw") and data.get("vervallen"):
            raise forms.ValidationError(_("Choose rows it became, or removed; not both."))
        if not data.get("nieuw") and not data.get("vervallen") and not self.errors:
            raise forms.ValidationError(_("Choose the rows it became, or tick removed."))
        return data


class NieuwForm(forms.Form):
    toelichting = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Explanation"), help_text=_("Why it was added; shown beside its trend."),
    )  # fmt: skip
