"""A loopback HTTP stand-in for the Telegram Bot API that real python-telegram-bot can talk to."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from . import telegram_rules as rules
from .loopback_http import LoopbackServer, Upload, parse_params
from .telegram_rules import ApiError, bad_request

JsonDict = dict[str, Any]
Predicate = Callable[[JsonDict], bool]

DEFAULT_TOKEN = "123456:TEST-token-abc"
BOT_USERNAME = "articlebot_test_bot"
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"

_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z]\w{3,31}")
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z]\w{3,31})?")


@dataclass(frozen=True)
class Call:
    """One recorded Bot API request, with what the fake answered."""

    method: str
    params: JsonDict
    status: int = 200
    result: Any = None
    error: str | None = None
    at: float = field(default_factory=time.monotonic)  # when the fake answered (time.monotonic())

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    report_size: bool = True  # False: getFile leaves file_size out (Telegram may)

    def as_file(self) -> JsonDict:
        size = {"file_size": len(self.data)} if self.report_size else {}
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id, **size, "file_path": self.file_path}


# --------------------------------------------------------------------------- user-side entities


def _entities(text: str) -> list[JsonDict]:
    """The bot_command and mention entities Telegram would attach to a user's text."""
    found: list[tuple[str, re.Match[str]]] = []
    if command := _COMMAND_RE.match(text):
        found.append(("bot_command", command))
    command_end = command.end() if command else 0
    found += [("mention", m) for m in _MENTION_RE.finditer(text) if m.start() >= command_end]
    return [
        {
            "type": kind,
            "offset": rules.utf16_len(text[: match.start()]),
            "length": rules.utf16_len(match.group()),
        }
        for kind, match in found
    ]


# --------------------------------------------------------------------------- the fake API


class FakeBotAPI:
    """An in-process Telegram Bot API server on 127.0.0.1 that records every call.

    Use as `with FakeBotAPI() as fake:`; point PTB at `fake.base_url` / `fake.base_file_url`,
    feed updates with `user_message()` & co., and assert with `wait_for()` / `sent()`.
    """

    #: Long polls never block longer than this, whatever `timeout` the client asks for.
    max_poll_wait = 1.0

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.bot_user: JsonDict = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "ArticleBot Test",
            "username": BOT_USERNAME,
        }
        self._cond = threading.Condition(threading.RLock())
        self._server: LoopbackServer | None = None
        self._closing = False
        self._ids = itertools.count(1)  # update, message, query and file ids
        self._calls: list[Call] = []
        self._consumed: set[int] = set()
        self._updates: list[JsonDict] = []
        self._chats: dict[Any, JsonDict] = {}
        self._messages: dict[tuple[Any, int], JsonDict] = {}
        self._queries: dict[str, bool] = {}  # query id -> answered
        self._files: dict[str, _StoredFile] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._holds: list[tuple[str, Predicate, threading.Event]] = []
        self._commands: dict[str, list[JsonDict]] = {}
        self._webhook_url = ""
        self._methods = self._method_table()

    # ----------------------------------------------------------------------- lifecycle

    def start(self) -> FakeBotAPI:
        if self._server is not None:
            raise RuntimeError("FakeBotAPI is already running")
        self._closing = False
        self._server = LoopbackServer(self, name="FakeBotAPI")
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving: wake pending long polls, drop connections, join all server threads."""
        if self._server is None:
            return
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._server.stop()
        self._server = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not running")
        return self._server.port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ----------------------------------------------------------------------- inspection

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def sent(self, method: str | None = None) -> list[Call]:
        """All recorded calls, or those of one method (failed ones included, see `Call.ok`)."""
        return [call for call in self.calls if method is None or _same(call.method, method)]

    def transcript(self, *, include_polling: bool = False) -> list[tuple[str, JsonDict]]:
        """(method, params) of every call, without the getUpdates noise unless asked."""
        return [
            (call.method, call.params)
            for call in self.calls
            if include_polling or not _same(call.method, "getUpdates")
        ]

    def messages(self, chat_id: Any) -> list[JsonDict]:
        """The bot's messages in a chat as they are now (edits applied, deletions gone)."""
        with self._cond:
            return [
                copy.deepcopy(message)
                for (chat, _), message in sorted(self._messages.items(), key=lambda i: i[0][1])
                if chat == chat_id and message["from"]["id"] == self.bot_user["id"]
            ]

    def update(self, update_id: int) -> JsonDict | None:
        """A pushed update that the bot has not confirmed yet."""
        with self._cond:
            update = next((u for u in self._updates if u["update_id"] == update_id), None)
            return copy.deepcopy(update)

    # ----------------------------------------------------------------------- waiting

    async def wait_for(
        self,
        method: str,
        predicate: Predicate = lambda params: True,
        timeout: float = 10.0,
        *,
        include_errors: bool = False,
    ) -> Call:
        """Wait for a not-yet-claimed successful `method` call whose params match `predicate`."""
        deadline = time.monotonic() + timeout
        while (call := self._claim(method, predicate, include_errors)) is None:
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(method, timeout))
            await asyncio.sleep(0.02)
        return call

    def wait_for_sync(
        self,
        method: str,
        predicate: Predicate = lambda params: True,
        timeout: float = 10.0,
        *,
        include_errors: bool = False,
    ) -> Call:
        """Blocking `wait_for`, for tests that drive the bot in a subprocess."""
        deadline = time.monotonic() + timeout
        while (call := self._claim(method, predicate, include_errors)) is None:
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(method, timeout))
            time.sleep(0.02)
        return call

    def _claim(self, method: str, predicate: Predicate, include_errors: bool) -> Call | None:
        with self._cond:
            for index, call in enumerate(self._calls):
                if (
                    index not in self._consumed
                    and _same(call.method, method)
                    and (call.ok or include_errors)
                    and predicate(call.params)
                ):
                    self._consumed.add(index)
                    return call
        return None

    def _timeout_report(self, method: str, timeout: float) -> str:
        with self._cond:
            lines = [
                f"  #{index} {call.method} -> {call.status}"
                f"{' ' + call.error if call.error else ''}"
                f"{' (claimed)' if index in self._consumed else ''}: {_short(call.params)}"
                for index, call in enumerate(self._calls)
                if not _same(call.method, "getUpdates")
            ]
        shown = "\n".join(lines[-40:]) or "  (none)"
        return f"no matching {method} call within {timeout}s; calls (getUpdates omitted):\n{shown}"

    # ----------------------------------------------------------------------- feeding updates

    def push_update(self, update: JsonDict) -> int:
        """Queue an update (without update_id) for getUpdates; returns its update_id."""
        with self._cond:
            update_id = next(self._ids)
            self._updates.append({"update_id": update_id, **copy.deepcopy(update)})
            self._cond.notify_all()
            return update_id

    def user_message(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int = 2002,
        chat_type: str = "private",
        reply_to_message: JsonDict | None = None,
        username: str = "reader",
        first_name: str = "Reader",
        language_code: str = "en",
    ) -> int:
        """Push a text message from a user (whose Telegram app is in ``language_code``); returns the
        update_id."""
        content: JsonDict = {"text": text}
        if entities := _entities(text):
            content["entities"] = entities
        return self._push_user_message(
            content,
            chat_id=chat_id,
            user_id=user_id,
            chat_type=chat_type,
            reply_to_message=reply_to_message,
            username=username,
            first_name=first_name,
            language_code=language_code,
        )

    def document_message(
        self,
        file_name: str,
        data: bytes,
        mime_type: str,
        caption: str | None = None,
        *,
        chat_id: int = 1001,
        user_id: int = 2002,
        chat_type: str = "private",
        reply_to_message: JsonDict | None = None,
        username: str = "reader",
        first_name: str = "Reader",
        report_size: bool = True,
    ) -> int:
        """Push a message with a document that getFile can then serve; returns the update_id.
        ``report_size=False`` leaves ``file_size`` out of the message and of getFile's answer."""
        with self._cond:
            stored = self._store_file(f"doc-{next(self._ids)}", data, file_name, report_size=report_size)
        document = {
            "file_name": file_name,
            "mime_type": mime_type,
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            **({"file_size": len(data)} if report_size else {}),
        }
        content: JsonDict = {"document": document}
        if caption is not None:
            content["caption"] = caption
            if entities := _entities(caption):
                content["caption_entities"] = entities
        return self._push_user_message(
            content,
            chat_id=chat_id,
            user_id=user_id,
            chat_type=chat_type,
            reply_to_message=reply_to_message,
            username=username,
            first_name=first_name,
        )

    def callback_query(
        self,
        data: str,
        *,
        message: JsonDict | None = None,
        inline_message_id: str | None = None,
        user_id: int = 2002,
        chat_instance: str = "ci-1",
        username: str = "reader",
        first_name: str = "Reader",
    ) -> str:
        """Push a button press on `message` (a bot message dict), or on a message sent in inline mode
        (``inline_message_id``: Telegram then sends no message); returns the query id."""
        if (message is None) == (inline_message_id is None):
            raise ValueError("a button press is on a message or on an inline message, not both")
        query_id = self._new_query_id()
        where = {"message": message} if message is not None else {"inline_message_id": inline_message_id}
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": _user(user_id, username, first_name),
                    **where,
                    "chat_instance": chat_instance,
                    "data": data,
                }
            }
        )
        return query_id

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = 2002,
        offset: str = "",
        username: str = "reader",
        first_name: str = "Reader",
    ) -> str:
        """Push an inline query; returns the query id."""
        query_id = self._new_query_id()
        inline = {
            "id": query_id,
            "from": _user(user_id, username, first_name),
            "query": query,
            "offset": offset,
            "chat_type": "private",
        }
        self.push_update({"inline_query": inline})
        return query_id

    def fail_next(self, method: str, code: int, description: str, retry_after: int | None = None) -> None:
        """Make the next call of `method` fail once with this error (calls queue up)."""
        with self._cond:
            error = ApiError(code, description, retry_after)
            self._failures.setdefault(method.lower(), []).append(error)

    def hold(self, method: str, predicate: Predicate = lambda params: True) -> threading.Event:
        """Stall every matching `method` call (a hung connection) until the returned event is set
        (or the server stops); the call is answered, and recorded, only then."""
        release = threading.Event()
        with self._cond:
            self._holds.append((method.lower(), predicate, release))
        return release

    def _wait_if_held(self, method: str, params: JsonDict) -> None:
        with self._cond:
            events = [e for m, match, e in self._holds if m == method.lower() and match(params)]
        for event in events:
            while not event.wait(0.05) and not self._closing:
                pass

    def add_file(self, file_id: str, data: bytes, file_name: str = "file.bin") -> str:
        """Register bytes that getFile / the file endpoint will serve; returns the file_path."""
        with self._cond:
            return self._store_file(file_id, data, file_name).file_path

    def _push_user_message(
        self,
        content: JsonDict,
        *,
        chat_id: int,
        user_id: int,
        chat_type: str,
        reply_to_message: JsonDict | None,
        username: str,
        first_name: str,
        language_code: str = "en",
    ) -> int:
        user = _user(user_id, username, first_name, language_code)
        with self._cond:
            if chat_type == "private":
                chat = {"id": chat_id, "type": "private", "first_name": first_name}
                chat["username"] = username
            else:
                chat = {"id": chat_id, "type": chat_type, "title": "Test chat"}
            self._chats[chat_id] = chat
            if reply_to_message is not None:
                content = {**content, "reply_to_message": reply_to_message}
            message = self._new_message(chat_id, user, content)
            return self.push_update({"message": message})

    def _new_query_id(self) -> str:
        with self._cond:
            query_id = str(next(self._ids))
            self._queries[query_id] = False
            return query_id

    def _store_file(self, file_id: str, data: bytes, file_name: str, *, report_size: bool = True) -> _StoredFile:
        number = next(self._ids)
        suffix = re.sub(r"[^\w.-]", "_", file_name.rpartition(".")[2]) if "." in file_name else ""
        path = f"documents/file_{number}.{suffix}" if suffix else f"documents/file_{number}"
        stored = _StoredFile(file_id, f"unique-{number}", path, data, report_size)
        self._files[file_id] = stored
        return stored

    def _new_message(self, chat_id: Any, sender: JsonDict, content: JsonDict) -> JsonDict:
        chat = self._chats.get(chat_id) or {
            "id": chat_id,
            "type": "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup",
        }
        message_id = next(self._ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            **content,
        }
        self._messages[(chat_id, message_id)] = message
        return copy.deepcopy(message)

    # ----------------------------------------------------------------------- HTTP entry points

    def handle(self, path: str, content_type: str, body: bytes, query: str = "") -> tuple[int, JsonDict]:
        """Answer `POST /bot<token>/<method>`: returns (HTTP status, JSON body)."""
        token, _, method = path.removeprefix("/bot").rpartition("/")
        params: JsonDict = {}
        if self._holds:
            with contextlib.suppress(ValueError, KeyError):  # unparsable: answered as a bad request below
                self._wait_if_held(method, parse_params(content_type, body, query))
        with self._cond:
            try:
                params = _parse_or_reject(content_type, body, query)
                result = self._call(token, method, params)
            except ApiError as error:
                return self._record_error(method, params, error)
            except Exception as exc:  # a gap in the fake: answer 500 rather than hang up
                return self._record_error(method, params, ApiError(500, f"fake Bot API bug: {exc!r}"))
            self._calls.append(Call(method, params, 200, result=copy.deepcopy(result)))
            return 200, {"ok": True, "result": result}

    def _record_error(self, method: str, params: JsonDict, error: ApiError) -> tuple[int, JsonDict]:
        self._calls.append(Call(method, params, error.code, error=error.description))
        return error.code, error.body()

    def download(self, path: str) -> tuple[int, bytes]:
        """Answer `GET /file/bot<token>/<file_path>`."""
        token, _, file_path = path.partition("/")
        with self._cond:
            stored = next((f for f in self._files.values() if f.file_path == file_path), None)
        if token != self.token or stored is None:
            return 404, b"Not Found"
        return 200, stored.data

    def _call(self, token: str, method: str, params: JsonDict) -> Any:
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        if failures := self._failures.get(method.lower()):
            raise failures.pop(0)
        return handler(params)

    def _method_table(self) -> dict[str, Callable[[JsonDict], Any]]:
        table: dict[str, Callable[[JsonDict], Any]] = {
            "getMe": lambda p: {
                **self.bot_user,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            },
            "logOut": lambda p: True,
            "close": lambda p: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": lambda p: {
                "url": self._webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            },
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._send_chat_action,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: copy.deepcopy(self._commands.get(_scope_key(p), [])),
            "deleteMyCommands": self._delete_my_commands,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
        }
        return {name.lower(): handler for name, handler in table.items()}

    # ----------------------------------------------------------------------- Bot API methods
    # All of these run with self._cond held.

    def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self._webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), self.max_poll_wait)
        while not self._updates and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._cond.wait(remaining)
        return copy.deepcopy(self._updates[: int(params.get("limit") or 100)])

    def _set_webhook(self, params: JsonDict) -> bool:
        self._webhook_url = str(_required(params, "url"))
        return True

    def _delete_webhook(self, params: JsonDict) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat_id = _required(params, "chat_id")
        text, entities = rules.parse_message_text(params.get("text"), params.get("parse_mode"))
        content = {"text": text, **({"entities": entities} if entities else {})}
        return self._send(chat_id, params, content)

    def _send_document(self, params: JsonDict) -> JsonDict:
        chat_id = _required(params, "chat_id")
        stored, file_name, mime_type = self._input_file(_required(params, "document"))
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_name": file_name,
            "mime_type": mime_type,
        }
        return self._send(chat_id, params, {"document": document, **self._caption(params)})

    def _send_photo(self, params: JsonDict) -> JsonDict:
        chat_id = _required(params, "chat_id")
        stored, _, _ = self._input_file(_required(params, "photo"))
        size = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        photo = [{**size, "width": 320, "height": 240, "file_size": len(stored.data)}]
        return self._send(chat_id, params, {"photo": photo, **self._caption(params)})

    def _send(self, chat_id: Any, params: JsonDict, content: JsonDict) -> JsonDict:
        """Common part of the send* methods: reply target, keyboard, storing the message."""
        markup = params.get("reply_markup")
        rules.check_reply_markup(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            content["reply_markup"] = copy.deepcopy(markup)
        if reply := self._reply_target(chat_id, params.get("reply_parameters")):
            content["reply_to_message"] = reply
        return self._new_message(chat_id, self.bot_user, content)

    def _reply_target(self, chat_id: Any, reply_parameters: Any) -> JsonDict | None:
        if not isinstance(reply_parameters, dict):
            return None
        key = (reply_parameters.get("chat_id", chat_id), reply_parameters.get("message_id"))
        if key in self._messages:
            return copy.deepcopy(self._messages[key])
        if reply_parameters.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _caption(self, params: JsonDict) -> JsonDict:
        if params.get("caption") is None:
            return {}
        caption, entities = rules.parse_caption(params["caption"], params.get("parse_mode"))
        return {"caption": caption, **({"caption_entities": entities} if entities else {})}

    def _input_file(self, value: Any) -> tuple[_StoredFile, str | None, str | None]:
        """Resolve an uploaded file, a known file_id or a URL to a stored file."""
        if isinstance(value, Upload):
            stored = self._store_file(f"sent-{next(self._ids)}", value.data, value.filename or "")
            return stored, value.filename, value.mime_type
        if isinstance(value, str) and value in self._files:
            return self._files[value], None, None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._store_file(f"url-{next(self._ids)}", b"", value), None, None
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _stored_message(self, params: JsonDict, missing: str) -> JsonDict:
        key = (_required(params, "chat_id"), _required(params, "message_id"))
        message = self._messages.get(key)
        if message is None:
            raise bad_request(missing)
        if message["from"]["id"] != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: JsonDict) -> JsonDict | bool:
        text, entities = rules.parse_message_text(params.get("text"), params.get("parse_mode"))
        rules.check_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._stored_message(params, "message to edit not found")
        changes = {"text": text, "entities": entities, "reply_markup": params.get("reply_markup")}
        return self._apply_edit(message, changes)

    def _edit_message_reply_markup(self, params: JsonDict) -> JsonDict | bool:
        rules.check_reply_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        message = self._stored_message(params, "message to edit not found")
        return self._apply_edit(message, {"reply_markup": params.get("reply_markup")})

    def _apply_edit(self, message: JsonDict, changes: JsonDict) -> JsonDict:
        """Replace fields of a stored message; an empty value removes the field."""
        edited = {key: value for key, value in message.items() if key not in changes}
        edited.update({key: value for key, value in changes.items() if value})
        if {k: v for k, v in edited.items() if k != "edit_date"} == {
            k: v for k, v in message.items() if k != "edit_date"
        }:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        edited["edit_date"] = int(time.time())
        self._messages[(message["chat"]["id"], message["message_id"])] = edited
        return copy.deepcopy(edited)

    def _delete_message(self, params: JsonDict) -> bool:
        key = (_required(params, "chat_id"), _required(params, "message_id"))
        if self._messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        return True

    def _send_chat_action(self, params: JsonDict) -> bool:
        _required(params, "chat_id")
        if params.get("action") not in rules.CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _get_file(self, params: JsonDict) -> JsonDict:
        stored = self._files.get(str(_required(params, "file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.as_file()

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = _required(params, "commands")
        rules.check_commands(commands)
        self._commands[_scope_key(params)] = commands
        return True

    def _delete_my_commands(self, params: JsonDict) -> bool:
        self._commands.pop(_scope_key(params), None)
        return True

    def _answer_callback_query(self, params: JsonDict) -> bool:
        if len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._answer_query(str(_required(params, "callback_query_id")))
        return True

    def _answer_inline_query(self, params: JsonDict) -> bool:
        rules.check_inline_results(_required(params, "results"))
        self._answer_query(str(_required(params, "inline_query_id")))
        return True

    def _answer_query(self, query_id: str) -> None:
        if self._queries.get(query_id, True):
            raise bad_request(QUERY_INVALID)
        self._queries[query_id] = True


def _parse_or_reject(content_type: str, body: bytes, query: str) -> JsonDict:
    try:
        return parse_params(content_type, body, query)
    except (ValueError, KeyError) as exc:
        raise bad_request(f"can't parse request: {exc!r}") from exc


def _same(method: str, other: str) -> bool:
    return method.lower() == other.lower()


def _required(params: JsonDict, name: str) -> Any:
    if params.get(name) in (None, ""):
        raise bad_request(f"{name} is empty")
    return params[name]


def _scope_key(params: JsonDict) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


def _user(user_id: int, username: str, first_name: str, language_code: str = "en") -> JsonDict:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "username": username,
        "language_code": language_code,
    }


def _short(params: JsonDict, limit: int = 160) -> str:
    shown = {k: f"<{len(v.data)} bytes>" if isinstance(v, Upload) else v for k, v in params.items()}
    text = repr(shown)
    return text if len(text) <= limit else text[: limit - 3] + "..."
