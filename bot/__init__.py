"""articlebot's Telegram bot and command line: a thin adapter over ``knowledge``'s public API."""
