from django.urls import path

from ijkpunten import views

app_name = "ijkpunten"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<slug:normkader>/", views.overzicht, name="overzicht_versie"),
    path("<slug:normkader>/themas/", views.themas, name="themas"),
    path("<slug:normkader>/hgw/", views.hgw, name="hgw"),
    path("<slug:normkader>/begrippen/", views.begrippen, name="begrippen"),
    path("<slug:normkader>/uitleg/", views.uitleg, name="uitleg"),
    path("<slug:normkader>/<slug:code>/", views.groep, name="groep"),
]
