from django.urls import path

from zelfscan.views import (
    autosave,
    bewijs,
    gegevens,
    gesprekken,
    kaarten,
    meldingen,
    organisaties,
    resultaten,
    rondes,
    scans,
    team,
)

app_name = "zelfscan"

urlpatterns = [
    path("", organisaties.start, name="start"),
    path("scholen/", organisaties.scholen, name="scholen"),
    path("scholen/<int:pk>/", organisaties.school, name="school"),
    path("besturen/", organisaties.besturen, name="besturen"),
    path("besturen/<int:pk>/", organisaties.bestuur, name="bestuur"),
    path("swv/<int:pk>/", organisaties.swv, name="swv"),
    path("swv/<int:pk>/accounts/", organisaties.accounts, name="accounts"),
    path("swv/<int:pk>/accounts/nieuw/", organisaties.account_nieuw, name="account_nieuw"),
    path(
        "swv/<int:pk>/accounts/<int:user_pk>/tweestaps-resetten/",
        organisaties.tweestaps_resetten,
        name="tweestaps_resetten",
    ),
    path("swv/<int:pk>/import/<slug:soort>/", gegevens.importeren, name="importeren"),
    path(
        "swv/<int:pk>/import/<slug:soort>/<int:bestand>/bevestigen/",
        gegevens.import_bevestigen,
        name="import_bevestigen",
    ),
    path(
        "swv/<int:pk>/export/<slug:soort>.<slug:formaat>",
        gegevens.exporteren,
        name="exporteren",
    ),
    path("swv/<int:pk>/vorige-scans/", gegevens.vorige_scans, name="vorige_scans"),
    path(
        "swv/<int:pk>/vorige-scans/sjabloon.xlsx",
        gegevens.vorige_scans_sjabloon,
        name="vorige_scans_sjabloon",
    ),
    path(
        "swv/<int:pk>/vorige-scans/<int:bestand>/bevestigen/",
        gegevens.vorige_scans_bevestigen,
        name="vorige_scans_bevestigen",
    ),
    path("meldingen/", meldingen.meldingen, name="meldingen"),
    path("meldingen/<int:pk>/", meldingen.melding, name="melding"),
    path("meldingen/alles-gelezen/", meldingen.alles_gelezen, name="meldingen_gelezen"),
    path("meldingen/instellingen/", meldingen.voorkeuren, name="meldingvoorkeuren"),
    path("swv/<int:pk>/ondersteuningskaarten/", kaarten.overzicht, name="kaarten"),
    path("swv/<int:pk>/ondersteuningskaarten/<slug:thema>/", kaarten.kaart, name="kaart"),
    path("swv/<int:pk>/rondes/", rondes.rondes, name="rondes"),
    path("swv/<int:pk>/rondes/nieuw/", rondes.ronde_nieuw, name="ronde_nieuw"),
    path("rondes/<int:pk>/", rondes.ronde, name="ronde"),
    path("rondes/<int:pk>/herinneren/", rondes.herinneren, name="ronde_herinneren"),
    path("scans/<int:pk>/", scans.scan, name="scan"),
    path("scans/<int:pk>/deel/<slug:deel>/", scans.scan_deel, name="scan_deel"),
    path("scans/<int:pk>/deel/<slug:deel>/opmerking/", scans.scan_opmerking, name="scan_opmerking"),
    path("scans/<int:pk>/autosave/", autosave.autosave, name="autosave"),
    path("scans/<int:pk>/status/", scans.scan_overgang, name="scan_overgang"),
    path("scans/<int:pk>/historie/", scans.scan_historie, name="scan_historie"),
    path("scans/<int:pk>/overnemen/", scans.scan_overnemen, name="scan_overnemen"),
    path("scans/<int:pk>/bevestigen/", scans.scan_bevestigen, name="scan_bevestigen"),
    # evidence per indicator
    path("scans/<int:pk>/bewijs/<int:item>/", bewijs.bewijs, name="bewijs"),
    path(
        "scans/<int:pk>/bewijs/<int:item>/overnemen/<int:vorig>/",
        bewijs.bewijs_overnemen,
        name="bewijs_overnemen",
    ),
    path("bewijs/<int:pk>/download/", bewijs.bewijs_download, name="bewijs_download"),
    path("bewijs/<int:pk>/verwijderen/", bewijs.bewijs_verwijderen, name="bewijs_verwijderen"),
    # the team behind the score (the colleagues' own form is in urls_team.py)
    path("scans/<int:pk>/team/", team.team, name="team"),
    path(
        "scans/<int:pk>/team/<int:uitnodiging>/intrekken/",
        team.team_intrekken,
        name="team_intrekken",
    ),
    path("scans/<int:pk>/team/<int:uitnodiging>/opnieuw/", team.team_opnieuw, name="team_opnieuw"),
    path("scans/<int:pk>/team/sluiten/", team.team_sluiten, name="team_sluiten"),
    # after the scan: the conversation, the development plan, the consulent's overview
    path("scans/<int:pk>/gesprek/", gesprekken.gesprek, name="gesprek"),
    path(
        "scans/<int:pk>/gesprek/vastleggen/",
        gesprekken.gesprek_vastleggen,
        name="gesprek_vastleggen",
    ),
    path(
        "scans/<int:pk>/deel/<slug:deel>/consulent/",
        gesprekken.consulentoordeel_pagina,
        name="consulentoordeel",
    ),
    path(
        "scans/<int:pk>/consulent/opslaan/",
        gesprekken.consulentoordeel_opslaan,
        name="consulentoordeel_opslaan",
    ),
    path("scholen/<int:pk>/ontwikkelplan/", gesprekken.plan, name="ontwikkelplan"),
    path(
        "scholen/<int:pk>/ontwikkelplan/punten/", gesprekken.punt_toevoegen, name="punt_toevoegen"
    ),
    path(
        "scholen/<int:pk>/ontwikkelplan/punten/<int:punt>/status/",
        gesprekken.punt_status,
        name="punt_status",
    ),
    path(
        "scholen/<int:pk>/ontwikkelplan/punten/<int:punt>/notitie/",
        gesprekken.punt_notitie,
        name="punt_notitie",
    ),
    path("scholen/<int:pk>/ontwikkelplan/stappen/", gesprekken.stappen, name="trajectstappen"),
    path("consulent/", gesprekken.overzicht, name="consulent"),
    path(
        "consulent/overzicht.<slug:formaat>", gesprekken.overzicht_export, name="consulent_export"
    ),
    # results
    path("rapporten/", resultaten.mijn_rapporten, name="mijn_rapporten"),
    path("rapporten/<int:pk>/", resultaten.rapport_download, name="rapport_download"),
    path("resultaten/rekenregels/", resultaten.rekenregels, name="rekenregels"),
    path("resultaten/scans/<int:pk>/", resultaten.school, name="resultaat_school"),
    path("resultaten/scans/<int:pk>/verloop/", resultaten.verloop, name="resultaat_verloop"),
    # Before the exports, whose <tabel>.<formaat> would also match "rapport.pdf".
    path("resultaten/scans/<int:pk>/rapport.pdf", resultaten.school_rapport, name="rapport_school"),
    path(
        "resultaten/scans/<int:pk>/<slug:tabel>.<slug:formaat>",
        resultaten.school_export,
        name="resultaat_school_export",
    ),
    path("resultaten/rondes/<int:pk>/", resultaten.stad, name="resultaat_stad"),
    path("resultaten/rondes/<int:pk>/rapport.pdf", resultaten.stad_rapport, name="rapport_stad"),
    path(
        "resultaten/rondes/<int:pk>/<slug:tabel>.<slug:formaat>",
        resultaten.stad_export,
        name="resultaat_stad_export",
    ),
    path(
        "resultaten/rondes/<int:pk>/besturen/<int:bestuur>/",
        resultaten.bestuur,
        name="resultaat_bestuur",
    ),
    path(
        "resultaten/rondes/<int:pk>/besturen/<int:bestuur>/rapport.pdf",
        resultaten.bestuur_rapport,
        name="rapport_bestuur",
    ),
    path(
        "resultaten/rondes/<int:pk>/besturen/<int:bestuur>/<slug:tabel>.<slug:formaat>",
        resultaten.bestuur_export,
        name="resultaat_bestuur_export",
    ),
    path("resultaten/rondes/<int:pk>/wijken/<int:wijk>/", resultaten.wijk, name="resultaat_wijk"),
    path(
        "resultaten/rondes/<int:pk>/wijken/<int:wijk>/rapport.pdf",
        resultaten.wijk_rapport,
        name="rapport_wijk",
    ),
    path(
        "resultaten/rondes/<int:pk>/wijken/<int:wijk>/<slug:tabel>.<slug:formaat>",
        resultaten.wijk_export,
        name="resultaat_wijk_export",
    ),
]
