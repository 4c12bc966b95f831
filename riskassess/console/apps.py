from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "riskassess.console"
    label = "console"
    verbose_name = "Coordinator console"
