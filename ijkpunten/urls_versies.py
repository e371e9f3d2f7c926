from django.urls import path

from ijkpunten import views_versies as views

app_name = "normversies"

urlpatterns = [
    path("", views.versies, name="versies"),
    path("laden/", views.laden, name="laden"),
    path("kopieren/", views.kopieren, name="kopieren"),
    path("<slug:code>/normbestand.yaml", views.normbestand, name="normbestand"),
    path("<slug:code>/normbestand.xlsx", views.normbestand_xlsx, name="normbestand_xlsx"),
    path("<slug:code>/concordantie/", views.concordantie, name="concordantie"),
    path("<slug:code>/voorstel/", views.voorstel, name="voorstel"),
    path("<slug:code>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<slug:code>/concordantie/<str:soort>/<int:oud>/", views.overgang, name="overgang"),
    path("<slug:code>/concordantie/<str:soort>/nieuw/<int:nieuw>/", views.nieuw, name="nieuw"),
]
