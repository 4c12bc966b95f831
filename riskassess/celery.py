"""The one Celery application: web and workers share its configuration.

Every setting lives in riskassess/settings.py under the CELERY_ namespace, with its reason.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskassess.settings")

app = Celery("riskassess")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
