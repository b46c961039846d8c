"""Tests: fast hashing, in-memory mail, files in a throw-away folder. DATABASE_URL is honoured."""

import atexit
import shutil
import tempfile
from pathlib import Path

from isms.settings.base import *  # noqa: F403
from isms.settings.base import BASE_DIR, DATABASES, STORAGES, TEMPLATES
from isms.settings.environment import env_str

SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEMO_CONTENT_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Templates only tests render (a notification of no particular app).
TEMPLATES[0]["DIRS"] = [BASE_DIR / "isms" / "templates", BASE_DIR / "tests" / "templates"]
# As in development, so that the tests see what `make run` serves from MEDIA_URL.
SERVE_IMAGE_RENDITIONS = True
# A clamd on the developer's machine does not scan the suite's uploads; the tests that scan
# start their own (tests/clamd.py).
CLAMD_SOCKET = ""

_TEST_FILES = Path(tempfile.mkdtemp(prefix="isms-test-files-"))
atexit.register(shutil.rmtree, _TEST_FILES, ignore_errors=True)
if not env_str("DATABASE_URL"):
    # Commands run under test settings (makemigrations --check) need a database file that
    # exists on a fresh checkout; pytest itself uses an in-memory one.
    DATABASES["default"]["NAME"] = str(_TEST_FILES / "db.sqlite3")
for _alias in ("default", "private"):
    if STORAGES[_alias]["BACKEND"].endswith("FileSystemStorage"):
        STORAGES[_alias]["OPTIONS"]["location"] = _TEST_FILES / _alias

STATIC_ROOT = _TEST_FILES / "static"
STATIC_ROOT.mkdir()
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The public page cache is off for the suite; tests/policies/test_public_cache.py turns it on.
PUBLIC_PAGE_CACHE = False
