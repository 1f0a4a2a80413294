"""Build links that open an article at an exact passage (URL text fragments)."""

from __future__ import annotations

from urllib.parse import quote

# Everything but unreserved characters is percent-encoded; "-" too, since "&", "," and "-"
# are part of the text directive's own syntax (WICG scroll-to-text-fragment spec).
_SAFE = ""


def text_fragment_url(url: str, passage: str, *, max_words: int = 6) -> str:
    """Return ``url#:~:text=start,end`` so a browser scrolls to and highlights ``passage``.

    Short passages are linked whole; longer ones by their first and last words, which
    keeps the link short and still unambiguous.
    """
    words = passage.split()
    if not words:
        return url
    base = url.split("#", 1)[0]
    if len(words) <= 2 * max_words:
        directive = _encode(" ".join(words))
    else:
        directive = f"{_encode(' '.join(words[:max_words]))},{_encode(' '.join(words[-max_words:]))}"
    return f"{base}#:~:text={directive}"


def _encode(text: str) -> str:
    return quote(text.strip(" ,;:\"“”'‘’«»"), safe=_SAFE).replace("-", "%2D")
