from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "riskassess.register"
    label = "register"
    verbose_name = "Restriction register"
