from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class HearingsConfig(AppConfig):
    name = "riskassess.hearings"
    verbose_name = gettext_lazy("Hearings and the supplier portal")
