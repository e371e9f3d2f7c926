"""The support card of a theme on one form: a text per aspect and level."""

from django import forms

from zelfscan.forms.velden import tekstveld
from zelfscan.models import Kaartinhoud


class KaartForm(forms.Form):
    """``velden``: (field name, what it is in a sentence) per cell of the card."""

    def __init__(self, *args, velden: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for naam, wat in velden:
            self.fields[naam] = tekstveld(Kaartinhoud, "tekst", wat=wat, required=False)
