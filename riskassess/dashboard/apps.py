from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "riskassess.dashboard"
    label = "dashboard"
