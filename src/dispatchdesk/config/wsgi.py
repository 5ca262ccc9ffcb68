import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
application = get_wsgi_application()

# Import every view and API module now, then exempt all that start-up built from the garbage
# collector: it lives as long as the process, and scanning it made each full collection a
# 25-50 ms pause inside some unlucky request (docs/benchmarks/api-create-to-assigned.md).
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
