from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "riskassess.demo"
    label = "demo"
