"""The reports, in the order the pages list them (reports.framework.register)."""

from dispatchdesk.reports import causes, efficiency, quality, staffing
from dispatchdesk.reports.framework import register

for module in (efficiency, quality, causes, staffing):
    register(module.REPORT)
