from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "riskassess.audit"
    label = "audit"

    def ready(self) -> None:
        from riskassess.audit import signals  # noqa: F401 - connects the login/logout receivers
