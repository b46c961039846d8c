"""When an upload cannot be completed now: a service it needs is down, and nothing was stored.

A refused file is a ``ValidationError`` (the client must send something else); these are not:
the same file may well be accepted later. The admin shows the message on the form, and the API
answers 503 with ``Retry-After`` (``isms.api.errors``).
"""

RETRY_AFTER_SECONDS = 30


class UploadUnavailableError(Exception):
    """A service an upload needs (the virus scanner, the file storage) cannot be used now."""

    code = "unavailable"
    message = "The upload cannot be completed right now, so nothing was stored; try again later."
    retry_after = RETRY_AFTER_SECONDS

    def __init__(self) -> None:
        super().__init__(self.message)


class ScannerUnavailableError(UploadUnavailableError):
    code = "scanner_unavailable"
    message = (
        "The virus scanner is unavailable, so the file was not stored; try again later. If it "
        "keeps happening, tell the administrator."
    )


class StorageUnavailableError(UploadUnavailableError):
    code = "storage_unavailable"
    message = (
        "The file storage is unavailable, so nothing was stored; try again later. If it keeps "
        "happening, tell the administrator."
    )
