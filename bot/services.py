"""What the Telegram handlers share: the library and the settings, typed for PTB's context."""

from __future__ import annotations

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.throttle import Throttle
from knowledge import Library


class BotData:
    """``context.bot_data``: filled in by ``build_application`` before the bot starts."""

    library: Library
    settings: Settings
    throttle: Throttle


BotContext = CallbackContext[ExtBot[None], dict, dict, BotData]  # type: ignore[type-arg]
