"""Webhook mode: the bot's own small web server (tornado, which python-telegram-bot's webhook extra
brings) receives Telegram's posts and hands each update to the application, as PTB's documented custom
webhook set-up does. Ours answers like Telegram expects: 403 without the secret token, 400 for a body that
is not an update (PTB's built-in server answers 500 to malformed JSON), 200 once the update is queued."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.app import WebhookOptions
from bot.context import BotApplication
from bot.metrics import operator_routes

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000  # an update is a few kilobytes; Telegram never posts more


class UpdateHandler(tornado.web.RequestHandler):
    """``POST /<path>``: one update from Telegram."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_app: BotApplication, secret: str) -> None:  # tornado's per-request hook
        self.bot_app = bot_app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self._finish(HTTPStatus.FORBIDDEN)
            return
        update = self._update()
        if update is None:
            self._finish(HTTPStatus.BAD_REQUEST)
            return
        await self.bot_app.update_queue.put(update)
        self._finish(HTTPStatus.OK)

    def _update(self) -> Update | None:
        """The posted update, or None (logged) when the body is not one."""
        try:
            data = json.loads(self.request.body)
        except ValueError:  # malformed JSON or undecodable bytes
            logger.warning("webhook: a post that is not JSON (%d bytes) was refused", len(self.request.body))
            return None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            logger.warning("webhook: a post that is not an update was refused")
            return None
        try:
            return Update.de_json(data, self.bot_app.bot)
        except Exception as error:  # any shape PTB cannot read: the sender's fault, not ours
            logger.warning("webhook: an update that could not be read was refused: %r", error)
            return None

    def _finish(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        """Errors are logged by the application; tornado's own request log stays quiet."""


def web_app(application: BotApplication, options: WebhookOptions) -> tornado.web.Application:
    """The tornado application serving Telegram's posts at ``/<url_path>``, and /healthz and /metrics."""
    route = rf"/{options.url_path}/?"
    handlers = [
        (route, UpdateHandler, {"bot_app": application, "secret": options.secret_token}),
        *operator_routes(application.bot_data.metrics, application.bot_data.library.health),
    ]
    return tornado.web.Application(handlers, log_function=lambda handler: None)


async def serve_webhook(application: BotApplication, options: WebhookOptions, stop: asyncio.Event) -> None:
    """Run the bot by webhook until ``stop`` is set: initialize (and ``post_init``), register the webhook
    with Telegram, listen, process updates; then stop and shut down (and ``post_shutdown``)."""
    application.bot_data.webhook = True  # /healthz and /metrics are served here, not on METRICS_PORT
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=options.webhook_url, secret_token=options.secret_token, allowed_updates=Update.ALL_TYPES
        )
        server = tornado.httpserver.HTTPServer(web_app(application, options), max_body_size=MAX_BODY_BYTES)
        server.listen(options.port, address=options.listen)
        try:
            await application.start()
            logger.info("webhook server listening on %s:%d", options.listen, options.port)
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def run_webhook(application: BotApplication, options: WebhookOptions) -> None:
    """``serve_webhook`` in its own event loop until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve_webhook(application, options, stop)

    asyncio.run(main())
