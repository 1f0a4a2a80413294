"""Read an article's paragraphs once into its sentences, the quotes in them and the people who said them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.models import Quote, Speaker
from knowledge.understand.quotes import QuoteReader


@dataclass(frozen=True, slots=True)
class Reading:
    """What one reading of an article found; each quote's ``sentence`` indexes ``sentences``."""

    sentences: tuple[str, ...]
    quotes: tuple[Quote, ...]  # in reading order
    speakers: tuple[Speaker, ...]  # everyone quoted, in order of appearance


def read_article(paragraphs: Iterable[str]) -> Reading:
    """Split the paragraphs into sentences and find the direct, partial and indirect quotes and their speakers.

    The paragraphs are read in order, so "he said" reaches the person the reader last met.
    """
    reader = QuoteReader()
    sentences = tuple(sentence for paragraph in paragraphs for sentence in reader.read(paragraph))
    return Reading(sentences=sentences, quotes=tuple(reader.quotes()), speakers=reader.speakers())
