from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "riskassess.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from riskassess.dashboard import signals  # noqa: F401  (connects the cache receivers)
