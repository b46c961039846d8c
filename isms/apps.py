from django.apps import AppConfig


class IsmsConfig(AppConfig):
    name = "isms"
    verbose_name = "ISMS core"
