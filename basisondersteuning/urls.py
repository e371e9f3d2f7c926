from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from basisondersteuning.views import gezond

urlpatterns = [
    path("gezond/", gezond, name="gezond"),
    path("", include("zelfscan.urls")),
    path("norm/", include("ijkpunten.urls")),
    path("account/", include("zelfscan.urls_account")),
    # The admin logs in through the application's own login (lockout, second factor).
    path(
        "beheer/login/",
        RedirectView.as_view(pattern_name="account:inloggen", query_string=True),
    ),
    path("beheer/", admin.site.urls),
]
