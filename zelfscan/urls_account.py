from django.urls import path

from zelfscan.views import account

app_name = "account"

urlpatterns = [
    path("inloggen/", account.LoginView.as_view(), name="inloggen"),
    path("uitloggen/", account.LogoutView.as_view(), name="uitloggen"),
    path("wachtwoord-vergeten/", account.PasswordResetView.as_view(), name="wachtwoord_vergeten"),
    path(
        "wachtwoord-vergeten/verzonden/",
        account.PasswordResetDoneView.as_view(),
        name="wachtwoord_vergeten_verzonden",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        account.PasswordSetView.as_view(),
        name="wachtwoord_instellen",
    ),
    path(
        "wachtwoord-instellen/klaar/",
        account.PasswordSetDoneView.as_view(),
        name="wachtwoord_ingesteld",
    ),
    path("tweestaps/", account.tweestaps, name="tweestaps"),
    path("tweestaps/instellen/", account.tweestaps_instellen, name="tweestaps_instellen"),
    path("tweestaps/herstelcodes/", account.herstelcodes, name="herstelcodes"),
    path("rollen/aangeboden/", account.rolaanbiedingen, name="rolaanbiedingen"),
]
