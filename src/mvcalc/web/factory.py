"""An app factory for uvicorn's multi-worker mode (`mvcalc serve --workers N`): settings from the environment."""

from __future__ import annotations

import os

from mvcalc.web.app import Settings, create_app


def app():
    hosts = tuple(h for h in os.environ.get("MVCALC_SERVE_HOSTS", "").split(",") if h)
    return create_app(Settings(database_url=os.environ.get("MVCALC_SERVE_DB") or None, allowed_hosts=hosts))
