"""The export as a download in the settings area: managers and administrators (may_configure).

The download leaves out the password hashes: a manager must not be able to take everyone's hash
(the administrators' too) away to guess at offline. `dispatchdesk export` on the server, whose
operator can read the database anyway, carries them."""

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common import clock
from dispatchdesk.settings_area.http import configurers_only
from dispatchdesk.transfer.export import desk_lines, desk_snapshot

# Lines are sent in blocks of about this many characters: fewer writes than one per record.
BLOCK = 64 * 1024


@configurers_only
@require_GET
def export_page(request: AuthedRequest) -> HttpResponse:
    return render(request, "transfer/export.html", {"section": "export"})


@configurers_only
@require_GET
def export_download(request: AuthedRequest) -> StreamingHttpResponse:
    """The desk, streamed from one snapshot as it is read: never the whole file in memory."""
    response = StreamingHttpResponse(_blocks(), content_type="application/jsonl; charset=utf-8")
    name = f"dispatchdesk-{clock.now():%Y%m%d-%H%M%S}.jsonl"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _blocks() -> Iterator[bytes]:
    with desk_snapshot():
        block: list[str] = []
        size = 0
        for line in desk_lines(password_hashes=False):
            block.append(line)
            size += len(line)
            if size >= BLOCK:
                yield "".join(block).encode()
                block, size = [], 0
        yield "".join(block).encode()
