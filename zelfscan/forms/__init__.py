"""Every input of the application, checked once: the forms of the views, and the fields they
share (``velden``). A limit comes from the model field it fills; every message goes through
gettext. Forms check the shape of input (present, long enough, a date, one of the choices);
the rules that need the database (scope, versions, the norm) live in the services.

May use: the models. Not the services or the views.
"""

from zelfscan.forms.account import LoginForm, RolaanbodAntwoordForm, TokenForm
from zelfscan.forms.kaarten import KaartForm
from zelfscan.forms.meldingen import MeldingvoorkeurForm
from zelfscan.forms.organisaties import InviteForm
from zelfscan.forms.resultaten import FilterForm
from zelfscan.forms.scans import (
    AmbitieForm,
    AntwoordForm,
    BevestigForm,
    DeelForm,
    KengetallenForm,
    OpmerkingForm,
    OvergangForm,
    ScanrondeForm,
    SignaalForm,
    WijzigingForm,
)
from zelfscan.forms.velden import eerste_fout
from zelfscan.forms.vervolg import (
    GesprekForm,
    NotitieForm,
    OntwikkelpuntForm,
    SorteringForm,
    StappenForm,
    StatusForm,
)

__all__ = [
    "AmbitieForm",
    "AntwoordForm",
    "BevestigForm",
    "DeelForm",
    "FilterForm",
    "GesprekForm",
    "InviteForm",
    "KaartForm",
    "KengetallenForm",
    "LoginForm",
    "MeldingvoorkeurForm",
    "NotitieForm",
    "OntwikkelpuntForm",
    "OpmerkingForm",
    "OvergangForm",
    "RolaanbodAntwoordForm",
    "ScanrondeForm",
    "SignaalForm",
    "SorteringForm",
    "StappenForm",
    "StatusForm",
    "TokenForm",
    "WijzigingForm",
    "eerste_fout",
]
