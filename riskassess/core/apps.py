from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "riskassess.core"
    label = "core"
