"""The reports, in the order the pages list them (reports.framework.register)."""

from dispatchdesk.reports import causes, efficiency, quality
from dispatchdesk.reports.framework import register

for module in (efficiency, quality, causes):
    register(module.REPORT)
