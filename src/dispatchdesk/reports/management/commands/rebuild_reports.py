"""`dispatchdesk rebuild-reports` (or rebuild_reports): recompute every ticket's figures from its rows (reports.figures)
and every member's work actions from the timeline (reports.work).

Needed after restoring a backup, importing history around the services, or changing a calendar or SLA
targets when past figures should follow; it is also how the figures are checked against the live ones.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dispatchdesk.reports.figures import figures_rebuild
from dispatchdesk.reports.work import work_rebuild


class Command(BaseCommand):
    # Help texts stay untranslated, as in Django's own commands: argparse cannot take lazy strings.
    help = "Recompute the dashboard's per-ticket figures and the members' work from scratch."

    def handle(self, *args: Any, **options: Any) -> None:
        count = figures_rebuild()
        self.stdout.write(_("Recomputed the figures of %(count)d tickets.") % {"count": count})
        actions = work_rebuild()
        self.stdout.write(_("Recomputed the work time of %(count)d members' actions.") % {"count": actions})
