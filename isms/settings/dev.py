"""Development: `make run` on a fresh machine, with embedded defaults for everything."""

from isms.settings.base import *  # noqa: F403
from isms.settings.base import DATA_DIR
from isms.settings.environment import env_list, env_str

DEBUG = True
DEMO_CONTENT_ALLOWED = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"

DATA_DIR.mkdir(parents=True, exist_ok=True)
