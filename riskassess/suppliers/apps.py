from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "riskassess.suppliers"
    label = "suppliers"
