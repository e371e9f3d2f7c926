"""The models of the zelfscan app, one module per domain, all importable from here (as
migrations, ``AUTH_USER_MODEL`` and the rest of the code expect):

- ``organisaties``: SWV, bestuur, wijk, school, accounts and roles;
- ``scans``: rounds, scans, answers of every kind, their history, workflow and comments;
- ``resultaten``: the per-scan summary the results are read from;
- ``rapporten``: reports made in the background;
- ``vervolg``: the consulent's own view, the conversation, the development plan and the
  trajectory;
- ``kaarten``: what the SWV writes on the themes' support cards;
- ``meldingen``: notifications and how each person wants them;
- ``team``: the colleagues a school asks to rate its scan, and their ratings;
- ``bewijs``: the evidence (files and links) a school attaches to an item.

Models may use ``zelfscan.access.scoping`` (their ``for_user``) and the norm (``ijkpunten``),
nothing else of the application.
"""

from zelfscan.models.bewijs import Bewijsstuk
from zelfscan.models.kaarten import Kaartinhoud
from zelfscan.models.meldingen import Melding, Meldingsvoorkeur
from zelfscan.models.organisaties import (
    Bestuur,
    Importbestand,
    Rol,
    Rolaanbod,
    Samenwerkingsverband,
    School,
    ScopedUserManager,
    Sector,
    User,
    Wijk,
)
from zelfscan.models.rapporten import Rapportdeel, Rapportopdracht
from zelfscan.models.resultaten import Groepsresultaat
from zelfscan.models.scans import (
    Ambitie,
    Antwoord,
    Historie,
    Kengetallen,
    Opmerking,
    Scanronde,
    Signaalantwoord,
    Statusovergang,
    Versiebeheerd,
    Zelfscan,
)
from zelfscan.models.team import Teamscore, Teamuitnodiging
from zelfscan.models.vervolg import (
    Consulentoordeel,
    Gesprek,
    Notitie,
    Ontwikkelpunt,
    Trajectstap,
)

__all__ = [
    "Ambitie",
    "Antwoord",
    "Bestuur",
    "Bewijsstuk",
    "Consulentoordeel",
    "Gesprek",
    "Groepsresultaat",
    "Historie",
    "Importbestand",
    "Kaartinhoud",
    "Kengetallen",
    "Melding",
    "Meldingsvoorkeur",
    "Notitie",
    "Ontwikkelpunt",
    "Opmerking",
    "Rapportdeel",
    "Rapportopdracht",
    "Rol",
    "Rolaanbod",
    "Samenwerkingsverband",
    "Scanronde",
    "School",
    "ScopedUserManager",
    "Sector",
    "Signaalantwoord",
    "Statusovergang",
    "Teamscore",
    "Teamuitnodiging",
    "Trajectstap",
    "User",
    "Versiebeheerd",
    "Wijk",
    "Zelfscan",
]
