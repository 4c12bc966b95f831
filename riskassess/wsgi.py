import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskassess.settings")
application = get_wsgi_application()

# What start-up made lives as long as the process: move it out of the garbage collector's reach.
# Otherwise every full collection walks it again and pauses a request for tens of milliseconds
# (measured on the EU dashboard: p95 111 ms -> 49 ms).
gc.collect()
gc.freeze()
