from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "riskassess.networks"
    label = "networks"
    verbose_name = "Networks"
