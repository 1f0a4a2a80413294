"""Telegram's request validation rules (HTML, limits, keyboards, commands) for the fake Bot API."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_COMMANDS = 100
MAX_INLINE_RESULTS = 50

ALLOWED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
        "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
PARSE_MODES = frozenset({"html", "markdown", "markdownv2"})
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
BUTTON_ACTIONS = frozenset(
    {
        "url", "callback_data", "web_app", "login_url", "switch_inline_query",
        "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
        "copy_text", "callback_game", "pay",
    }
)  # fmt: skip

_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
# Telegram decodes only these entities; anything else after "&" is literal text.
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_ATTR = r"""\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?"""
_START_TAG_RE = re.compile(rf"<([a-zA-Z][\w-]*)((?:{_ATTR})*)\s*>")
_END_TAG_RE = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_ATTR_RE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class ApiError(Exception):
    """An error response of the Bot API: HTTP status `code` plus a description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code}
        body["description"] = self.description
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _entity_error(text: str, pos: int, what: str) -> ApiError:
    offset = len(text[:pos].encode())
    return bad_request(f"can't parse entities: {what} at byte offset {offset}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _tag_attrs(raw: str) -> dict[str, str]:
    attrs = {}
    for match in _ATTR_RE.finditer(raw):
        name, *values = match.groups()
        attrs[name.lower()] = html.unescape(next((v for v in values if v is not None), ""))
    return attrs


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    offset: int  # in UTF-16 code units, like Telegram's entity offsets


class _HtmlParser:
    """A re-implementation of the parts of Telegram's HTML parser that reject bad input."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain: list[str] = []
        self.length = 0
        self.open_tags: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        pos = 0
        while pos < len(self.text):
            pos = self._step(pos)
        if self.open_tags:
            name = self.open_tags[-1].name
            raise bad_request(
                f"can't parse entities: Can't find end tag corresponding to start tag \"{name}\""
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.plain), self.entities

    def _step(self, pos: int) -> int:
        text = self.text
        if text[pos] == "&" and (entity := _ENTITY_RE.match(text, pos)):
            self._emit(html.unescape(entity.group()))
            return entity.end()
        if text[pos] != "<":
            self._emit(text[pos])
            return pos + 1
        if end := _END_TAG_RE.match(text, pos):
            self._close(pos, end.group(1).lower())
            return end.end()
        if start := _START_TAG_RE.match(text, pos):
            self._open(pos, start.group(1).lower(), _tag_attrs(start.group(2)))
            return start.end()
        name = re.split(r"[\s>]", text[pos + 1 :], maxsplit=1)[0].lstrip("/")
        raise _entity_error(text, pos, f'Unsupported start tag "{name}"')

    def _emit(self, chunk: str) -> None:
        self.plain.append(chunk)
        self.length += utf16_len(chunk)

    def _open(self, pos: int, name: str, attrs: dict[str, str]) -> None:
        if name not in ALLOWED_TAGS:
            raise _entity_error(self.text, pos, f'Unsupported start tag "{name}"')
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise bad_request('can\'t parse entities: Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and "emoji-id" not in attrs:
            raise bad_request('can\'t parse entities: Tag "tg-emoji" must have attribute "emoji-id"')
        self.open_tags.append(_OpenTag(name, attrs, self.length))

    def _close(self, pos: int, name: str) -> None:
        if not self.open_tags:
            raise _entity_error(self.text, pos, "Unexpected end tag")
        tag = self.open_tags[-1]
        if tag.name != name:
            expected = f'expected "</{tag.name}>", found "</{name}>"'
            raise _entity_error(self.text, pos, f"Unmatched end tag, {expected}")
        self.open_tags.pop()
        language = tag.attrs.get("class", "").removeprefix("language-")
        if name == "code" and self.open_tags and self.open_tags[-1].name == "pre" and language:
            self.open_tags[-1].attrs["language"] = language
        elif self.length > tag.offset:
            self.entities.append(_entity(tag, self.length - tag.offset))


def _entity(tag: _OpenTag, length: int) -> dict[str, Any]:
    entity: dict[str, Any] = {"type": _ENTITY_TYPES[tag.name], "offset": tag.offset}
    entity["length"] = length
    if tag.name == "a":
        entity["url"] = tag.attrs.get("href", "")
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    elif tag.name == "pre" and "language" in tag.attrs:
        entity["language"] = tag.attrs["language"]
    return entity


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the visible text and entities of Telegram HTML, raising ApiError like Telegram."""
    return _HtmlParser(text).parse()


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The text and entities Telegram would store (HTML is parsed and checked; Markdown is not)."""
    if not parse_mode:
        return text, []
    if parse_mode.lower() not in PARSE_MODES:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return parse_html(text) if parse_mode.lower() == "html" else (text, [])


def parse_message_text(text: Any, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Validate a sendMessage/editMessageText text; return the stored text and entities.

    Like Telegram, the length limit counts characters (code points) of the visible text.
    """
    plain, entities = parse_text(text if isinstance(text, str) else "", parse_mode)
    if not plain.strip():
        raise bad_request("message text is empty")
    if len(plain) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return plain, entities


def parse_caption(caption: Any, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Validate a media caption; return the stored caption and its entities."""
    plain, entities = parse_text("" if caption is None else str(caption), parse_mode)
    if len(plain) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return plain, entities


def check_reply_markup(markup: Any) -> None:
    """Validate an inline keyboard (other keyboard kinds are accepted as they are)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: dict[str, Any]) -> None:
    if not str(button.get("text", "")).strip():
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if len(BUTTON_ACTIONS.intersection(button)) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")


def check_commands(commands: Any) -> None:
    """Validate the `commands` list of setMyCommands."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def check_inline_results(results: Any) -> None:
    """Validate the `results` list of answerInlineQuery."""
    if not isinstance(results, list):
        raise bad_request("can't parse results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [str(result.get("id", "")) for result in results]
    if any(not 1 <= len(result_id.encode()) <= 64 for result_id in ids):
        raise bad_request("RESULT_ID_INVALID")
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")
