"""The colleague's side of the team ratings: no account, only the personal link."""

from django.urls import path

from zelfscan.views import team

app_name = "team"

urlpatterns = [
    path("<str:sleutel>/", team.beoordelen_pagina, name="beoordelen"),
    path("<str:sleutel>/opslaan/", team.beoordelen_opslaan, name="opslaan"),
]
