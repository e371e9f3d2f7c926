"""The one settings module. Everything that differs between machines comes from the environment.

Production: DEBUG=0 (the default), SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL set.
Development: DEBUG=1 (``make run`` sets it) gives a throw-away key and an SQLite file.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from basisondersteuning.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt: zet SECRET_KEY in de omgeving (of DEBUG=1 voor ontwikkeling)."
        )
    SECRET_KEY = "django-insecure-alleen-voor-ontwikkeling"  # noqa: S105 (DEBUG only)
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY is te zwak voor productie: gebruik minstens 50 willekeurige tekens."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS ontbreekt: zet de hostnamen, komma-gescheiden.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ijkpunten",
    "zelfscan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the interface has one language, LANGUAGE_CODE "nl" is active.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "basisondersteuning.middleware.CacheControlMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zelfscan.access.middleware.SessionTimeoutMiddleware",
    "zelfscan.access.middleware.TwoFactorMiddleware",
    "basisondersteuning.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "basisondersteuning.urls"
WSGI_APPLICATION = "basisondersteuning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zelfscan.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"), sqlite_default=BASE_DIR / "db.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "zelfscan.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "account:inloggen"
LOGIN_REDIRECT_URL = "zelfscan:start"
LOGOUT_REDIRECT_URL = "account:inloggen"

# Against password guessing: lock a username from one address after 5 failures, for 15
# minutes. Not per address alone: a whole school shares one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/vergrendeld.html"
AXES_CLIENT_IP_CALLABLE = "zelfscan.access.two_step.client_ip"
# Wrong codes of the second step count as failed logins of that person from that source
# (zelfscan/access/two_step.py); axes keeps what was posted, never the code itself.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token"]
# How many proxies in front of the application append to X-Forwarded-For (0: none, use the
# address of the connection).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sessions end after 30 minutes without a request and 12 hours after login at most.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

OTP_TOTP_ISSUER = "Zelfscan Basisondersteuning"
# django-otp's own throttle counts wrong codes per device: someone with the password alone
# could keep the real person out of the second step from anywhere (issue 28). Wrong codes
# are counted per person and source instead, as wrong passwords are (AXES_* above).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Mail leaves through a background job (zelfscan/mail.py), which sends it with
# EMAIL_VERZEND_BACKEND: SMTP when EMAIL_HOST is set, else printed on the worker's console.
EMAIL_BACKEND = "zelfscan.mail.TaakBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_VERZEND_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_VERZEND_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The address of the application, for the links in mails sent by a background job (no request
# to take it from).
BASIS_URL = env_str("BASIS_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Zelfscan Basisondersteuning <noreply@localhost>"
)

# Uploads for import: a cap on size and rows, checked before a file is parsed.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 20_000
# A norm file (ijkpunten/normbestand.py): the ANB of 2024 is 0.3 MB.
NORMBESTAND_MAX_BYTES = 2 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Evidence files on S3-compatible object storage instead of the file system (README, "Evidence
# files"): needs `pip install django-storages[s3]`. Private objects; a download still goes
# through the application's scoped view, which reads the object and serves it.
if BEWIJS_S3_BUCKET := env_str("BEWIJS_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BEWIJS_S3_BUCKET,
            "endpoint_url": env_str("BEWIJS_S3_ENDPOINT_URL"),
            "region_name": env_str("BEWIJS_S3_REGION"),
            "access_key": env_str("BEWIJS_S3_ACCESS_KEY"),
            "secret_key": env_str("BEWIJS_S3_SECRET_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
# Tests run with DEBUG off but without a collectstatic step: let whitenoise find files itself.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Secure by default: production is HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "basisondersteuning.views.csrf_mislukt"

# Everything is served by the application itself; nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Background work (reports, e-mail, reminders, clean-up) on Django's task framework. Without
# REDIS_URL the jobs wait in the database and ``manage.py werker`` runs them (``make run``
# starts one); with REDIS_URL they go to RQ on Redis, and ``manage.py rqworker default`` runs
# them, on as many machines as needed (README, "Background work").
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # A job is given this long before RQ counts its worker as gone.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A background job that fails is tried this many times in all, then shown as failed; the wait
# before a next try doubles each time from this many seconds.
TAAK_POGINGEN = env_int("TAAK_POGINGEN", 3)
TAAK_WACHTTIJD_SECONDEN = env_int("TAAK_WACHTTIJD_SECONDEN", 30)
# A job whose worker gives no sign of life for this many seconds lost its worker (a crash, a
# kill): it is tried again (the worker running it signs every few seconds).
TAAK_LEVENSTEKEN_SECONDEN = env_int("TAAK_LEVENSTEKEN_SECONDEN", 30)
# Made files (reports) are kept this many days, then removed; import previews that were never
# confirmed, this many hours.
RAPPORTEN_BEWAARDAGEN = env_int("RAPPORTEN_BEWAARDAGEN", 7)
IMPORT_BEWAARUREN = env_int("IMPORT_BEWAARUREN", 24)
# Team ratings (zelfscan/team/teamoordeel.py). The sources are silent on both, so they are
# settings: the team's distribution is shown from this many ratings of an item on (never fewer
# than 3, so that no single colleague's rating can be read off it), and the team disagrees
# strongly about an item when the spread (standard deviation) of its ratings is at least this
# many tenths of a point (10: 1,0 point, e.g. 1-2-4 or 1-1-4-4).
TEAM_MINIMUM_BEOORDELINGEN = max(3, env_int("TEAM_MINIMUM_BEOORDELINGEN", 3))
TEAM_ONENIGHEID_TIENDEN = env_int("TEAM_ONENIGHEID_TIENDEN", 10)
# Evidence files (zelfscan/scans/bewijs.py): at most this many megabytes each, stored with
# Django's default storage (the file system under MEDIA_ROOT; README "Evidence files" for
# S3-compatible storage). Never served from a public address: MEDIA_URL is not routed.
BEWIJS_MAX_MB = env_int("BEWIJS_MAX_MB", 10)
# Evidence of a round whose deadline lies more than this many days back is removed by the
# clean-up job (the AVG: kept no longer than needed). Four years: as long as a school's
# ondersteuningsprofiel runs, so the evidence behind the profile outlives it by nothing.
BEWIJS_BEWAARDAGEN = env_int("BEWIJS_BEWAARDAGEN", 4 * 365 + 1)
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
# A team link is valid this many days unless the school sets another date.
TEAM_LINK_DAGEN = env_int("TEAM_LINK_DAGEN", 21)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
