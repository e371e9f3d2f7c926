"""The fields every form shares: a text whose limit is its model field's, a date as the
browser's date input sends it, the version a change was made on, and how a page names the
fields of one answer among many. Their messages name what
is asked ("Vul de agenda in."), in the active language."""

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _


class Tekstveld(forms.CharField):
    """A text for ``model_veld`` (``Gesprek._meta.get_field("agenda")``): trimmed, line ends
    as one "\\n" whatever the browser sent, at most the model field's ``max_length`` (a
    TextField's max_length is checked nowhere else). ``wat`` names it in a sentence
    ("the agenda"). Required unless the model field may be blank."""

    def __init__(self, model_veld, *, wat, max_length=None, required=None, **kwargs):
        if model_veld.get_internal_type() == "TextField":
            kwargs.setdefault("widget", forms.Textarea)
        super().__init__(
            max_length=max_length or model_veld.max_length,
            required=not model_veld.blank if required is None else required,
            error_messages={
                "required": format_lazy(_("Fill in {wat}."), wat=wat),
                # %(show_value)d and %(limit_value)d are filled in by Django's length check.
                "max_length": format_lazy(
                    _("{Wat} is %(show_value)d characters; at most %(limit_value)d fit."),
                    Wat=capfirst(wat),
                ),
            },
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def tekstveld(model, naam: str, **kwargs) -> Tekstveld:
    return Tekstveld(model._meta.get_field(naam), **kwargs)


class Datumveld(forms.DateField):
    """A date as ``<input type="date">`` sends it (2027-06-01), in every language; what a
    person types elsewhere (1-6-2027) is refused rather than guessed."""

    input_formats = ["%Y-%m-%d"]

    def __init__(self, *, wat, ongeldig=None, **kwargs):
        super().__init__(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={
                "required": format_lazy(_("Fill in {wat}."), wat=wat),
                "invalid": ongeldig
                or format_lazy(_("Fill in {wat} as a valid date (yyyy-mm-dd)."), wat=wat),
            },
            **kwargs,
        )


class Versieveld(forms.Field):
    """The version of an answer a change was made on: the digits of a whole number of 0 or
    more. Anything else ("", "abc", "1.0") is no version at all: the save refuses a change
    without one, whatever the path (``scans/antwoorden.py``), so that the page, the autosave
    and the import say the same."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = str(value if value is not None else "").strip()
        return int(value) if value.isascii() and value.isdigit() else None


def eerste_fout(form) -> str:
    """The first mistake of a form, for a page or script that shows one message."""
    return next(iter(form.errors.values()))[0]


class NamenVanDePagina:
    """With a prefix (the id of the item, signal or theme), a field is named as the page names
    it: ``score-12``, ``signaal-7``; without one (the autosave script) plainly ``score``."""

    namen: dict[str, str] = {}

    def add_prefix(self, field_name):
        if not self.prefix:
            return field_name
        return f"{self.namen.get(field_name, field_name)}-{self.prefix}"
