"""Production: every secret and host from the environment, secure defaults throughout.

`manage.py check --deploy --fail-level WARNING` is clean when DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL are given.
"""

from django.core.exceptions import ImproperlyConfigured

from isms.settings.base import *  # noqa: F403
from isms.settings.base import DATABASES, DEVELOPMENT_AUDIT_CHAIN_KEY, STORAGES, TASKS
from isms.settings.environment import env_bool, env_int, env_list, env_required, env_str

SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [env_required("DJANGO_ALLOWED_HOSTS")]
env_required("DATABASE_URL")
# Persistent connections: opening one per request was a fifth of a PDF download's time. Django
# checks a reused connection at the start of each request, so one the server dropped is replaced.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
AUDIT_CHAIN_KEY = env_required("AUDIT_CHAIN_KEY")
if len(AUDIT_CHAIN_KEY) < 32 or AUDIT_CHAIN_KEY == DEVELOPMENT_AUDIT_CHAIN_KEY:
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEY must be a secret of at least 32 characters of its own, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
    )

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", default=587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        },
    }
}

# Background work (PDF rendering, notifications) queues in the database and
# `manage.py db_worker --backend background` runs it, so no request waits on WeasyPrint or the
# mail server. TASKS_BACKEND may name another backend of Django's tasks API.
TASKS["background"] = {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
