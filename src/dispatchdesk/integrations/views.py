"""Endpoints other services call, authenticated by their signature rather than a session."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dispatchdesk.common.sanitize import clean_text
from dispatchdesk.integrations.slack_command import first_answer, response_url_allowed, signed_by_slack
from dispatchdesk.integrations.tasks import answer_slack_command

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
    text = clean_text(request.POST.get("text", ""))[:200]
    answer = first_answer(text)
    if answer is not None:
        return JsonResponse(answer)
    response_url = request.POST.get("response_url", "")
    if not response_url_allowed(response_url):
        return HttpResponse("invalid response_url", status=400, content_type="text/plain")
    user_id = clean_text(request.POST.get("user_id", ""))[:32]
    # Slack gives up after 3 s: looking the user up and claiming happen in a task, which answers there.
    answer_slack_command.enqueue(slack_user_id=user_id, text=text, response_url=response_url)
    return JsonResponse({"response_type": "ephemeral", "text": _("Working on it…")})
