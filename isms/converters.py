"""Path converters shared by every app's URLs."""

from django.urls import register_converter


class RowIdConverter:
    """A primary key as it can exist in the database: 1 to 18 digits.

    Django's `int` converter accepts any number of digits; a longer one than a 64-bit key can hold
    makes the database driver raise (or, past 4,300 digits, Python's int conversion), and the
    visitor sees a 500 instead of a 404. Registered as `<id:...>` when this module is imported.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")
