"""``GET /api/v1/sites/{site}/status``: what ``layso status --json`` gives."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from server.auth import require
from server.state import server_state
from shared.api_tokens import TokenView
from shared.status import site_status

router = APIRouter(prefix="/api/v1/sites/{site}", tags=["status"])


@router.get("/status", summary="Tình hình hiện tại (current status)")
def status(site: str, request: Request,
           token: Annotated[TokenView, require("read")]) -> dict[str, Any]:
    server = server_state(request)
    server.site(site)  # NotFound for an unknown site
    return site_status(server.db, server.queue(), site,
                       server.settings.province.stale_minutes)
