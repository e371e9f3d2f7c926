"""Evidence: a file or a link with an optional title. Whether the file is what its name says
is the service's rule (``zelfscan/scans/bewijs.py``), which reads its bytes."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from zelfscan.forms.velden import tekstveld
from zelfscan.models import Bewijsstuk


class BewijsBestandForm(forms.Form):
    bestand = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, OpenDocument, PNG or JPEG."),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    titel = tekstveld(Bewijsstuk, "titel", wat=_("the title"), label=_("Title (optional)"),
                      required=False)  # fmt: skip


class BewijsLinkForm(forms.Form):
    """On the same page as the file's form: ids of its own (``link_titel``), names as posted."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)

    url = forms.URLField(
        label=_("Link"),
        max_length=Bewijsstuk._meta.get_field("url").max_length,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "required": _("Fill in the link."),
            "invalid": _("Fill in a web address (https://…)."),
        },
    )
    titel = tekstveld(Bewijsstuk, "titel", wat=_("the title"), label=_("Title (optional)"),
                      required=False)  # fmt: skip
