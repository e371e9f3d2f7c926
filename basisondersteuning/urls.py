from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="ijkpunten:overzicht", permanent=False)),
    path("norm/", include("ijkpunten.urls")),
    path("beheer/", admin.site.urls),
]
