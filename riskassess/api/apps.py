from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "riskassess.api"
    label = "api"
