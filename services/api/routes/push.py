"""Push deliveries from mailbox providers: Gmail through a Pub/Sub push subscription, Outlook
through Graph change-notification subscriptions.

Not API-key authenticated: each delivery carries Google's OIDC token (``push_tokens``). Every
delivery that is not accepted (no or a wrongly signed token, another audience or service
account, a body that is not a Gmail notification, an unknown mailbox, a replay) gets the same
403 with the same body, so the answer never tells whether an integration exists. An accepted
one answers 204 once its sync request (if any) is on the broker; 503 lets Pub/Sub deliver it
again later (keys or Kafka unavailable).

Graph deliveries carry no token: each notification is verified by its subscription's
``clientState`` secret (``services.api.graph_notifications``). A delivery with no verified
notification (unknown subscriptions, wrong secrets, a malformed body) gets the same 403 and
body as any other; an accepted one answers 202 once its sync requests are on the broker. The
validation handshake (``?validationToken=``) echoes the token as text/plain.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from schemas.contracts.models import Provider
from schemas.contracts.topics import Topic
from services.api.deps import AppContext, get_context
from services.api.graph_notifications import accept_graph_delivery
from services.api.push_notifications import accept_gmail_notification
from services.api.push_tokens import PushAuthUnavailable
from services.api.routes.status import SOURCE, get_sync_producer
from services.common.kafka import Outbound
from services.common.metrics import PRODUCED, PUSH_NOTIFICATIONS
from services.db.session import transaction
from services.domain.errors import RetryableError
from services.domain.graph_push import parse_graph_delivery, validation_token
from services.domain.push import parse_gmail_notification
from services.scheduler.push_requests import Accepted

log = logging.getLogger(__name__)
router = APIRouter(prefix="/push", tags=["push"])

MAX_PUSH_BODY = 16 * 1024  # bytes; a Gmail delivery is ~500
REJECTED_BODY = {"detail": "delivery rejected"}
RESPONSES: dict[int | str, dict[str, Any]] = {
    status.HTTP_403_FORBIDDEN: {"description": "Not accepted (any reason; always the same)"},
    status.HTTP_503_SERVICE_UNAVAILABLE: {"description": "Try again later"},
}


def _rejected(provider: Provider = Provider.GMAIL) -> JSONResponse:
    PUSH_NOTIFICATIONS.labels(provider.value, "rejected").inc()
    return JSONResponse(status_code=status.HTTP_403_FORBIDDEN, content=REJECTED_BODY)


@router.post("/gmail", status_code=status.HTTP_204_NO_CONTENT, responses=RESPONSES)
async def gmail_push(request: Request) -> Response:
    """A Pub/Sub push delivery of a Gmail notification: request a (debounced) sync."""
    body = await request.body()
    context = get_context(request)
    authorization = request.headers.get("authorization")
    return await run_in_threadpool(_handle_gmail, request, context, authorization, body)


def _handle_gmail(
    request: Request, context: AppContext, authorization: str | None, body: bytes
) -> Response:
    try:
        if not context.push_tokens.verified(authorization):
            return _rejected()
    except PushAuthUnavailable:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from None
    notification = parse_gmail_notification(_message_data(body))
    if notification is None:
        log.info("gmail push rejected: not a Gmail notification")
        return _rejected()
    with transaction(context.sessions) as session:
        accepted = accept_gmail_notification(session, notification, now=datetime.now(UTC))
        if accepted is None:
            log.info("gmail push rejected: unknown mailbox or replay")
            return _rejected()
        _send_requests(request, context, accepted)
    outcome = "requested" if accepted.requests else "debounced"
    PUSH_NOTIFICATIONS.labels(Provider.GMAIL.value, outcome).inc()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _send_requests(request: Request, context: AppContext, accepted: Accepted) -> None:
    """Produce the accepted push syncs inside the caller's transaction: it commits the pending
    marks only after the broker acknowledged them (an exception rolls them back)."""
    if not accepted.requests:
        return
    outbound = [
        Outbound.of(Topic.EMAIL_SYNC_REQUESTED, r, key=str(r.integration_id), source=SOURCE)
        for r in accepted.requests
    ]
    try:
        get_sync_producer(request, context).send(outbound)
    except RetryableError as exc:  # rolls back: nothing is marked pending
        log.warning("push sync request not delivered: %s", exc)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "try again later") from None
    PRODUCED.labels("api", Topic.EMAIL_SYNC_REQUESTED.value).inc(len(outbound))


@router.post(
    "/graph",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **RESPONSES,
        status.HTTP_400_BAD_REQUEST: {"description": "Validation token not echoed"},
    },
)
async def graph_push(request: Request) -> Response:
    """A Graph change-notification delivery (or its subscription validation handshake)."""
    if "validationToken" in request.query_params:
        # Graph checks the endpoint before creating a subscription: echo the token (never logged)
        token = validation_token(request.query_params.get("validationToken"))
        if token is None:
            return PlainTextResponse("", status_code=status.HTTP_400_BAD_REQUEST)
        return PlainTextResponse(token, status_code=status.HTTP_200_OK)
    body = await request.body()
    context = get_context(request)
    return await run_in_threadpool(_handle_graph, request, context, body)


def _handle_graph(request: Request, context: AppContext, body: bytes) -> Response:
    notifications = parse_graph_delivery(body)
    if not notifications:
        log.info("graph push rejected: not a Graph delivery")
        return _rejected(Provider.OUTLOOK)
    with transaction(context.sessions) as session:
        accepted = accept_graph_delivery(
            session, notifications, cipher=context.cipher, now=datetime.now(UTC)
        )
        if accepted is None:
            log.info("graph push rejected: no verified notification")
            return _rejected(Provider.OUTLOOK)
        _send_requests(request, context, accepted)
    outcome = "requested" if accepted.requests else "debounced"
    PUSH_NOTIFICATIONS.labels(Provider.OUTLOOK.value, outcome).inc()
    return Response(status_code=status.HTTP_202_ACCEPTED)


def _message_data(body: bytes) -> object:
    """``message.data`` of a Pub/Sub push body, or None."""
    if len(body) > MAX_PUSH_BODY:
        return None
    try:
        envelope = json.loads(body)
    except ValueError:
        return None
    message = envelope.get("message") if isinstance(envelope, dict) else None
    return message.get("data") if isinstance(message, dict) else None
