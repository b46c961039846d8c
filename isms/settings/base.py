"""Settings shared by every environment. Values an operator may change come from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from isms.settings.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the application writes (database, uploads, private files) lives here, outside the
# web root and outside the code.
DATA_DIR = Path(env_str("ISMS_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "isms",
    "isms.audit",
    "isms.links",
    "isms.scope",
    "isms.frameworks",
    "isms.api",
    "evidence",
    "policies",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "simple_history",
    "taggit",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The queue behind Django's tasks API in production (PDF rendering, notifications).
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "isms.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The header middleware sits before CommonMiddleware so that its APPEND_SLASH redirects carry
    # the same headers as pages.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "isms.middleware.AdminContentSecurityPolicyMiddleware",
    "isms.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "isms.audit.context.AuditRequestMiddleware",
    # django-simple-history names the signed-in user as the author of each historical record.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "policies.middleware.PublicationRefusalMiddleware",
    "policies.middleware.PublicationAnnouncementMiddleware",
    # Axes must come last: it inspects the outcome of authentication in the views above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "isms.urls"
WSGI_APPLICATION = "isms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "isms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
    )
}
# Every request is one transaction: a publication and its version record, or an upload and its
# row, are written together or not at all.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Least privilege on PostgreSQL (isms.db.roles): the application connects with DATABASE_URL as a
# role with DML rights only; migrate and flush connect with DATABASE_MIGRATION_URL as the owner,
# and migrate then grants DATABASE_APP_ROLE (by default DATABASE_URL's user) its rights.
DATABASE_MIGRATION_URL = env_str("DATABASE_MIGRATION_URL")
DATABASE_APP_ROLE = env_str(
    "DATABASE_APP_ROLE", DATABASES["default"].get("USER", "") if DATABASE_MIGRATION_URL else ""
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (make run): Wagtail's autosave writes while an editor submits. IMMEDIATE takes the write
# lock when a transaction begins, since a transaction that has read cannot wait for a writer and
# fails at once with "database is locked"; the timeout waits for the lock; WAL lets reads go on.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search uses PostgreSQL's full-text fields and indexes.
    INSTALLED_APPS.append("django.contrib.postgres")


def _storages() -> dict[str, Any]:
    """Public media and private files on local disk, or both on S3 when a bucket is configured.

    Private files (published document PDFs, later evidence and reports) are only ever served by
    permission-checked views, never by URL, and are never overwritten.
    """
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "media", "base_url": "/media/"},
            },
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "private", "base_url": None},
            },
        }
    s3 = {
        "bucket_name": bucket,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "file_overwrite": False,
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3, "location": "media", "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3,
                "bucket_name": env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME") or bucket,
                "location": "private",
                "querystring_auth": True,
            },
        },
    }


STORAGES = {
    **_storages(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Django itself serves the images' renditions (MEDIA_URL/images/) only where no web server does,
# i.e. in development. Documents are never served from MEDIA_URL (WAGTAILDOCS_SERVE_METHOD).
SERVE_IMAGE_RENDITIONS = False

# Authentication: throttled sign-in, short sessions, strong passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "isms/lockout.html"
# Passwords of private pages are throttled the same way, per address and restriction, by the
# intake throttle (INTAKE_LIMITS below).
PAGE_PASSWORD_FAILURE_LIMIT = env_int("PAGE_PASSWORD_FAILURE_LIMIT", default=5)
PAGE_PASSWORD_COOLOFF = timedelta(minutes=env_int("PAGE_PASSWORD_COOLOFF_MINUTES", default=15))
# The audit trail's links are HMAC-SHA-256 under AUDIT_CHAIN_KEY (isms.audit.keys), kept out of
# the database; the keys of earlier segments stay listed, comma-separated, so they still verify.
# The default is for development and tests only; production requires a key of its own.
DEVELOPMENT_AUDIT_CHAIN_KEY = "development-only-audit-chain-key-not-secret"
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", DEVELOPMENT_AUDIT_CHAIN_KEY)
AUDIT_CHAIN_PREVIOUS_KEYS = env_list("AUDIT_CHAIN_PREVIOUS_KEYS")

# The audit trail records REMOTE_ADDR, unless a proxy in front is trusted to name the client in a
# header (as Django spells it in request.META, e.g. HTTP_X_FORWARDED_FOR).
AUDIT_TRUSTED_PROXY_IP_HEADER = env_str("DJANGO_TRUSTED_PROXY_IP_HEADER")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "wagtailadmin_login"
# Where sign-in for a private page (`/_util/login/`) lands when no `next` is given.
LOGIN_REDIRECT_URL = "/"

# Security headers. The public site allows no inline script at all; see isms.middleware for the
# admin's policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing is framed, except Wagtail's preview inside its own editor: those views set
# X-Frame-Options: SAMEORIGIN themselves, and the admin's CSP allows frame-ancestors 'self'.
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the site uses; each is denied to every origin, this one included.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail's admin still relies on inline scripts and styles in places.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],
}
# A preview is a public page shown inside the admin's editor.
PREVIEW_CSP = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True
# One rule for times (isms.times): the admin shows the configured zone, labelled, for everyone,
# so it offers no other zone to choose, and a datetime printed as it is carries its zone.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
FORMAT_MODULE_PATH = ["isms.formats"]

# Two task backends. Wagtail 8 still enqueues its own small jobs (search and reference index
# updates) through the `django_tasks` backport, which reads this same setting but cannot hand a
# job to Django's own backends, nor their workers run its jobs: "default" stays the backport's
# immediate backend, as Wagtail has it when unset. Our work (PDF renders, notification e-mails)
# is declared on "background", Django's `django.tasks`: immediate here, queued in production.
TASKS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}

MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trust-centre@localhost")

WAGTAIL_SITE_NAME = env_str("TRUST_CENTRE_NAME", "Trust Centre")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Documents and images go through our upload checks (isms.files.wagtail_forms); the extensions
# offered are those the checks accept for each (isms.files.inspection.types: DOCUMENTS, IMAGES;
# docs/decisions.md says why no SVG).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "isms.files.wagtail_forms.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "isms.files.wagtail_forms.CheckedImageForm"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "jpeg",
    "jpg",
    "log",
    "pdf",
    "png",
    "pptx",
    "text",
    "txt",
    "xlsx",
]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpeg", "jpg", "png", "webp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from the admin: staff e-mail hashes are not sent to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAILADMIN_COMMENTS_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Per-task and per-step chatter from the task runners and WeasyPrint.
    "loggers": {
        name: {"level": "WARNING"}
        for name in (
            "django.tasks",
            "django_tasks",
            "weasyprint",
            "weasyprint.progress",
            "fontTools",
        )
    },
}

# The API (isms.api): bearer tokens only, JSON only, every error as {"error": {...}}. No session
# authentication, so no CSRF to get wrong: the browsable docs describe the API and hold no data.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["isms.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "isms.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    # The throttle is set on isms.api's views (ApiView), not here: Wagtail's admin API (DRF too,
    # signed in by session) must not count against a limit meant for tokens.
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_RATE_LIMIT", "120/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "isms.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "isms.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trust Centre API",
    "DESCRIPTION": "Push and read ISMS evidence. Send `Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from this site's static files (drf-spectacular-sidecar): no CDN, and the site's CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["isms.api.schema.only_this_api"],
}
# The rate limit is counted in the default cache. Local memory counts per process: a deployment
# with several web processes needs REDIS_URL for one shared limit.
REDIS_URL = env_str("REDIS_URL")

# The public intake throttle (isms.intake): anonymous form submissions and refused guesses (page
# passwords, capability links), counted per client address and per e-mail address. Each kind
# allows `attempts` within `window`, then answers 429 until the window that reached the limit
# closes. A kind not listed gets "default".
INTAKE_LIMITS: dict[str, dict[str, Any]] = {
    # Report requests, disclosures and the like: a person sends one, perhaps two.
    "default": {
        "attempts": env_int("INTAKE_FORM_LIMIT", default=5),
        "window": timedelta(minutes=env_int("INTAKE_FORM_WINDOW_MINUTES", default=60)),
    },
    "page_password": {"attempts": PAGE_PASSWORD_FAILURE_LIMIT, "window": PAGE_PASSWORD_COOLOFF},
    # Wrong, expired or used links. A token has 256 random bits, so this stops no guesser who
    # could succeed; it keeps a script from filling the audit trail with refusals.
    "capability_link": {
        "attempts": env_int("CAPABILITY_LINK_FAILURE_LIMIT", default=10),
        "window": timedelta(minutes=env_int("CAPABILITY_LINK_COOLOFF_MINUTES", default=15)),
    },
}
# Counted where every web process sees the same numbers and a restart forgets nothing: Redis when
# REDIS_URL is set, else a database table (`migrate` creates it: isms.intake.cache). The default
# timeout is the longest window, since the database cache's increment rewrites an entry with it.
# Entries are many and small; culling live ones would lift the throttle, so allow plenty.
INTAKE_CACHE_TABLE = "isms_intake_cache"
_INTAKE_TIMEOUT = int(max(limit["window"] for limit in INTAKE_LIMITS.values()).total_seconds()) + 1
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "intake": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "isms-intake",
        "TIMEOUT": _INTAKE_TIMEOUT,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": INTAKE_CACHE_TABLE,
        "TIMEOUT": _INTAKE_TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}

# Public page caching (isms.public_cache): anonymous reads of public pages from the default
# cache, invalidated by dependency tags, each entry ending at the next local midnight or after
# PUBLIC_PAGE_CACHE_MAX_SECONDS. Browsers may keep a page PUBLIC_PAGE_MAX_AGE_SECONDS; a CDN that
# is purged (WAGTAILFRONTENDCACHE below) until the entry ends. Only these query parameters (the
# as-of and compare forms, and a document page listing its whole history) make a cacheable
# address; others are served uncached.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", default=True)
PUBLIC_PAGE_CACHE_MAX_SECONDS = env_int("PUBLIC_PAGE_CACHE_MAX_SECONDS", default=24 * 60 * 60)
PUBLIC_PAGE_MAX_AGE_SECONDS = env_int("PUBLIC_PAGE_MAX_AGE_SECONDS", default=60)
PUBLIC_PAGE_CACHE_QUERY_PARAMETERS = frozenset({"date", "older", "newer", "history"})


def _frontend_caches() -> dict[str, dict[str, Any]]:
    """The CDN or caching proxy Wagtail purges on publication; none unless configured."""
    backends: dict[str, dict[str, Any]] = {}
    if purge_url := env_str("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_url,
        }
    if zone := env_str("CLOUDFLARE_ZONEID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
            "ZONEID": zone,
        }
    if distribution := env_str("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends


WAGTAILFRONTENDCACHE = _frontend_caches()

# Published document PDFs: versions are immutable, so their URLs may be cached for a year.
DOCUMENT_PDF_CACHE_SECONDS = 365 * 24 * 60 * 60

# Four eyes: a version's approver may not be one of the people who wrote the change.
ISMS_FOUR_EYES = env_bool("ISMS_FOUR_EYES", default=True)

# The demo loader refuses to run unless a settings module allows it; production never does.
DEMO_CONTENT_ALLOWED = False

# Evidence uploads: the largest file accepted (bytes), and how many days before its renewal date
# evidence counts as due soon.
EVIDENCE_MAX_UPLOAD_BYTES = env_int("EVIDENCE_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
EVIDENCE_DUE_SOON_DAYS = env_int("EVIDENCE_DUE_SOON_DAYS", default=30)

# Virus scanning: with clamd's Unix socket set, every upload is scanned before it is stored, and
# refused while the scanner cannot answer (isms.files.scanning). Seconds per socket operation.
CLAMD_SOCKET = env_str("CLAMD_SOCKET")
CLAMD_TIMEOUT_SECONDS = env_int("CLAMD_TIMEOUT_SECONDS", default=60)
