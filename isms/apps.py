from django.apps import AppConfig


class IsmsConfig(AppConfig):
    name = "isms"
    verbose_name = "ISMS core"

    def ready(self) -> None:
        # Registers the <id:...> path converter before any app's URLs are built.
        import isms.converters  # noqa: F401
