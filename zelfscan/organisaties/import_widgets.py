"""The cells of an import, read with Dutch messages: text, codes of digits a spreadsheet may
have turned into numbers, whole numbers, choices, yes/no, and lookups in what was loaded once
before the import (no query per row).
"""

from django.utils.translation import gettext as _
from import_export import widgets

# --- widgets that look up within what was loaded once, with Dutch messages


class LookupWidget(widgets.Widget):
    """Finds an object by a key in a dict filled once before the import (no query per row)."""

    def __init__(self, lookup: dict, message: str, *, leeg_toegestaan: bool = False):
        super().__init__()
        self.lookup = lookup
        self.message = message
        self.leeg_toegestaan = leeg_toegestaan  # an empty cell means none (the model decides)

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key and self.leeg_toegestaan:
            return None
        if not key:
            raise ValueError(self.message % {"value": _("(empty)")})
        found = self.lookup.get(key.lower())
        if found is None:
            raise ValueError(self.message % {"value": key})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class UpperWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper()


class NumberTextWidget(TextWidget):
    """A code of digits that a spreadsheet may have turned into a number (5 → "05")."""

    def __init__(self, width: int):
        super().__init__()
        self.width = width

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = super().clean(value)
        return text.zfill(self.width) if text.isdigit() else text


class IntegerWidget(TextWidget):
    """A whole number, empty for none; anything else is named in Dutch (django-import-export's
    own widget let a decimal.ConversionSyntax through as an "unexpected error")."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = super().clean(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(
                _("'%(waarde)s' is not a whole number of 0 or more") % {"waarde": text}
            )
        return int(text)


class ChoiceWidget(TextWidget):
    def __init__(self, choices, label: str):
        super().__init__()
        self.choices = {str(k): k for k, _label in choices}
        self.label = label

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value).lower()
        if text not in self.choices:
            raise ValueError(
                _("unknown %(wat)s '%(waarde)s'; choose from %(keuzes)s")
                % {
                    "wat": self.label,
                    "waarde": text or _("(empty)"),
                    "keuzes": ", ".join(self.choices),
                }
            )
        return self.choices[text]


class BooleanWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip().lower() if value is not None else ""
        if text in {"", "1", "ja", "true", "waar", "j", "y", "yes"}:
            return True
        if text in {"0", "nee", "false", "onwaar", "n", "no"}:
            return False
        raise ValueError(_("'%(waarde)s' is not yes or no") % {"waarde": value})
