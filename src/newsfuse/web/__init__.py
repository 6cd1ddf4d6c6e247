"""``newsfuse serve``: the web page and the HTTP API, over :class:`newsfuse.service.NewsService`.

``create_app(service)`` builds the FastAPI application (see :mod:`newsfuse.web.app`).
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
