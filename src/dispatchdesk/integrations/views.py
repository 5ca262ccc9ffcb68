"""Endpoints other services call, authenticated by their signature rather than a session."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dispatchdesk.common.sanitize import clean_text
from dispatchdesk.integrations.slack_command import answer_command, signed_by_slack

MAX_BODY = 8192  # a slash command's form is well under 1 KB


@csrf_exempt  # Slack cannot send our CSRF token; its signature is checked instead
@require_POST
def slack_command(request: HttpRequest) -> HttpResponse:
    body = request.body
    signed = len(body) <= MAX_BODY and signed_by_slack(
        body=body,
        timestamp=request.headers.get("X-Slack-Request-Timestamp", ""),
        signature=request.headers.get("X-Slack-Signature", ""),
    )
    if not signed:
        return HttpResponse("invalid signature", status=401, content_type="text/plain")
    user_id = clean_text(request.POST.get("user_id", ""))[:32]
    return JsonResponse(answer_command(slack_user_id=user_id, text=clean_text(request.POST.get("text", ""))[:200]))
