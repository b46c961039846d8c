"""Development: `make run` on a fresh machine, with embedded defaults for everything."""

from isms.settings.base import *  # noqa: F403
from isms.settings.base import DATA_DIR
from isms.settings.environment import env_bool, env_list, env_str

# Off unless a developer asks (DJANGO_DEBUG=1), so `make run` shows the pages visitors see,
# not Django's debug pages.
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# Image renditions are served by runserver whatever DEBUG says (production serves them elsewhere).
SERVE_IMAGE_RENDITIONS = True
DEMO_CONTENT_ALLOWED = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# `make run` serves on $PORT and passes it on, so that notification e-mails link to that port.
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}"
)
# Outgoing mail is written to files under var/mail, one per message.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": DATA_DIR / "mail"},
    }
}

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
