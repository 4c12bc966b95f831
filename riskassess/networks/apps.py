from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class NetworksConfig(AppConfig):
    name = "riskassess.networks"
    label = "networks"
    verbose_name = gettext_lazy("Networks")
