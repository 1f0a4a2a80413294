"""Build links that open an article at an exact passage (URL text fragments, WICG scroll-to-text-fragment)."""

from __future__ import annotations

from urllib.parse import quote

# In a text directive's values every character but the unreserved ones is percent-encoded, and "-"
# too: "&", "," and "-" are the directive's own syntax ("text=[prefix-,]start[,end][,-suffix]").
_SAFE = ""
_EDGE = " ,;:\"“”'‘’«»()[]…"
DIRECTIVE = ":~:"  # the fragment directive delimiter; what follows it is for the browser, not the page


def text_fragment_url(url: str, passage: str, *, context: str | None = None, max_words: int = 6) -> str:
    """Return ``url#:~:text=...`` so a browser scrolls to and highlights ``passage``.

    Short passages are linked whole (``text=start``); longer ones by their first and last
    words (``text=start,end``), which keeps the link short and still unambiguous. A passage of
    three words or fewer that stands inside a longer ``context`` (a short quote in its sentence)
    also gets the words around it (``prefix-,`` and ``,-suffix``), so the browser picks that
    occurrence and not an earlier one. An existing fragment is kept (``#top:~:text=...``, as the
    spec allows) and an existing text directive replaced.
    """
    words = passage.split()
    if not words:
        return url
    base, _, fragment = url.partition("#")
    fragment = fragment.split(DIRECTIVE, 1)[0]
    if len(words) <= 2 * max_words:
        directive = _encode(" ".join(words))
    else:
        directive = f"{_encode(' '.join(words[:max_words]))},{_encode(' '.join(words[-max_words:]))}"
    if context and len(words) <= 3:
        directive = _with_context(directive, passage, context)
    return f"{base}#{fragment}{DIRECTIVE}text={directive}"


def _with_context(directive: str, passage: str, context: str) -> str:
    """Add up to three words before (``prefix-,``) and after (``,-suffix``) the passage in its sentence."""
    at = context.find(passage.strip(_EDGE))
    if at < 0:
        return directive
    before = [w for w in context[:at].split() if w.strip(_EDGE)][-3:]
    after = [w for w in context[at + len(passage.strip(_EDGE)) :].split() if w.strip(_EDGE)][:3]
    prefix = _encode(" ".join(before))
    suffix = _encode(" ".join(after))
    return (f"{prefix}-," if prefix else "") + directive + (f",-{suffix}" if suffix else "")


def _encode(text: str) -> str:
    return quote(text.strip(_EDGE), safe=_SAFE).replace("-", "%2D")
