from django.contrib import admin
from django.urls import include, path

from basisondersteuning.views import beheer_inloggen, favicon, gezond

urlpatterns = [
    path("gezond/", gezond, name="gezond"),
    path("favicon.ico", favicon),
    path("", include("zelfscan.urls")),
    path("norm/", include("ijkpunten.urls")),
    path("normversies/", include("ijkpunten.urls_versies")),
    path("account/", include("zelfscan.urls_account")),
    path("team/", include("zelfscan.urls_team")),
    path("beheer/login/", beheer_inloggen),
    path("beheer/", admin.site.urls),
]
