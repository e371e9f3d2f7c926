from django.urls import path

from zelfscan.views import gegevens, organisaties

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
]
