"""The yardstick for bench/evidence_ingest.py: the least an upload endpoint can do.

It streams the posted file into the same private storage with the same hashing
(``private_file_store``) and answers the hash, with no token, no checks, no rows and no audit
event. Served beside the project's own URLs (this module is the bench's ``ROOT_URLCONF``), through
the same middleware, outside a transaction as the API is.
"""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.csrf import csrf_exempt

from isms import urls as project_urls
from isms.files.store import private_file_store

MINIMAL_URL = "/bench/minimal-upload/"


@csrf_exempt
@transaction.non_atomic_requests
def minimal_upload(request: HttpRequest) -> JsonResponse:
    stored = private_file_store(
        source=request.FILES["file"], prefix="bench-minimal", extension="txt", max_bytes=10**9
    )
    return JsonResponse({"name": stored.name, "sha256": stored.sha256}, status=201)


urlpatterns: list[URLPattern | URLResolver] = [
    path(MINIMAL_URL.strip("/") + "/", minimal_upload),
    *project_urls.urlpatterns,
]
