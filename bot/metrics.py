"""What an operator watches: Prometheus metrics of the bot, and the /healthz and /metrics pages that serve them."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

logger = logging.getLogger(__name__)

# Answer latency buckets, in seconds: most answers take milliseconds, a first answer by meaning ~0.1 s.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The bot's counters, in a registry of its own (one per application, so tests never share one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "articlebot_questions", "Questions answered, by intent", ["intent"], registry=self.registry
        )
        self.refusals = Counter(
            "articlebot_refusals", "Questions the articles could not answer, by intent", ["intent"],
            registry=self.registry,
        )  # fmt: skip
        self.answer_seconds = Histogram(
            "articlebot_answer_seconds", "Time to answer a question (knowledge only, not the reply)",
            buckets=LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.ingestions = Counter(
            "articlebot_ingestions", "Links and documents readers sent, by outcome (ok, failed)", ["outcome"],
            registry=self.registry,
        )  # fmt: skip
        self.api_errors = Counter(
            "articlebot_bot_api_errors", "Bot API requests that failed for good", registry=self.registry
        )
        self.api_retries = Counter(
            "articlebot_bot_api_retries", "Bot API requests retried after a transient failure",
            registry=self.registry,
        )  # fmt: skip

    def page(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return bytes(generate_latest(self.registry))


class MetricsHandler(tornado.web.RequestHandler):
    """GET /metrics: the Prometheus text format."""

    def initialize(self, metrics: Metrics) -> None:  # tornado's per-request hook
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(self.metrics.page())


class HealthHandler(tornado.web.RequestHandler):
    """GET /healthz: 200 when the database answers and its schema is the code's, 503 otherwise."""

    def initialize(self, check: Callable[[], tuple[bool, str]]) -> None:
        self.check = check

    def get(self) -> None:
        healthy, detail = self.check()
        self.set_status(HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok" if healthy else "unavailable", "detail": detail}))


def operator_routes(metrics: Metrics, check: Callable[[], tuple[bool, str]]) -> list[Any]:
    """The /healthz and /metrics routes, for the webhook server or a server of their own."""
    return [
        (r"/healthz", HealthHandler, {"check": check}),
        (r"/metrics", MetricsHandler, {"metrics": metrics}),
    ]


def start_operator_server(
    metrics: Metrics, check: Callable[[], tuple[bool, str]], port: int, address: str = "0.0.0.0"
) -> tornado.httpserver.HTTPServer:
    """Serve /healthz and /metrics on ``port`` in the running event loop (polling mode: METRICS_PORT)."""
    app = tornado.web.Application(operator_routes(metrics, check), log_function=lambda handler: None)
    server = tornado.httpserver.HTTPServer(app)
    server.listen(port, address=address)
    logger.info("health and metrics on %s:%d (/healthz, /metrics)", address, port)
    return server
