from django.db import models


class Classification(models.TextChoices):
    """Who may read a record; printed on its PDF's cover and on every page."""

    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"
