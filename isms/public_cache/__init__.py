"""Anonymous public pages served from Django's cache, invalidated exactly by dependency tags.

How it is wired. `isms/urls.py` wraps Wagtail's page view in `view.cached_public_page`. A GET or
HEAD from someone without a session (`requests.is_anonymous_read`) is looked up by its address
(`entries`): a hit is answered without Wagtail routing the page at all. On a miss the page is
served as usual; Wagtail's `before_serve_page` hook (`view.remember_served_page`) notes which page
it was, and a 200 that nobody's identity shaped (no cookie set, no session or CSRF token used, no
view restriction, no cache policy of its own) is stored with the dependency tags it was rendered
from (`tags`): the page served, the organisation settings and the navigation. Each tag has a
random token in the cache; an entry is valid while every token it was stored with is current, so
a change replaces the tokens of exactly the tags it affects (`invalidation`, from Wagtail's
signals) and no key is ever scanned. Entries end at the next midnight in `settings.TIME_ZONE`,
when an upcoming version comes into force. A CDN in front is purged through Wagtail's
`frontend_cache` with the addresses of the same pages (`frontend`).
"""
