"""How a refusal travels: raised deep inside a check, reported once with the file's name."""

import unicodedata

from django.core.exceptions import ValidationError

DISPLAY_NAME_LENGTH = 80


class UnacceptableFileError(ValidationError):
    """A file that may not be accepted for an upload, with a message a user can act on.

    It is a ``ValidationError`` so a form shows the message beside the upload field; ``code`` is
    stable (``type_not_allowed``, ``archive_bomb``, ``malformed``, ...) for views and tests.
    """

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)


class Refusal(Exception):  # noqa: N818 - internal signal, turned into UnacceptableFileError
    """Raised by the checks, which do not know the client's name for the file.

    ``detail`` continues a sentence that starts with the name: "contains JavaScript." The entry
    point adds the name and raises ``UnacceptableFileError``.
    """

    def __init__(self, detail: str, *, code: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


def display_name(filename: str) -> str:
    """The client's name made safe to echo: no control characters, no endless names."""
    printable = "".join(
        character for character in filename if not unicodedata.category(character).startswith("C")
    ).strip()
    if not printable:
        return "The file"
    if len(printable) > DISPLAY_NAME_LENGTH:
        return printable[: DISPLAY_NAME_LENGTH - 1] + "…"
    return printable
