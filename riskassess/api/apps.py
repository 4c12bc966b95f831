from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "riskassess.api"
    label = "api"

    def ready(self) -> None:
        from riskassess.api import signals  # noqa: F401 - connects the token cache receivers
