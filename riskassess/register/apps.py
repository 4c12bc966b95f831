from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RegisterConfig(AppConfig):
    name = "riskassess.register"
    label = "register"
    verbose_name = gettext_lazy("Restriction register")
