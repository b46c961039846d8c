"""Settings of the public pages benchmark (bench/public_pages.py): the shared base settings, with
URLs that add one minimal view to the site's own."""

from isms.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench._public_pages_urls"
