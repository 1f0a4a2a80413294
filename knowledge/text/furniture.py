"""Recognise the furniture news pages print around and between an article's text: boilerplate lines and sentences."""

from __future__ import annotations

import re

# Whole lines of site furniture that never belong to an article body (a raw dump's or an extracted page's).
BOILERPLATE_LINE = re.compile(
    r"^(?:to participate in the discussion|log in or register|log in|sign in|register|"
    r"subscribe(?: now| to .*)?|sign up(?: for .*)?|follow us(?: on .*)?|share(?: this(?: article| story)?)?|"
    r"read more|read also|see also|related(?: articles| stories| news)?|advertisement|"
    r"all rights reserved.*|comments?|leave a comment|add comment|most read|trending|"
    r"get the latest news.*|click here.*|copyright .*|\(c\) .*|newsletter.*|cookies?.*|"
    r"we use cookies.*|accept|print|email|tweet|whatsapp|facebook|twitter|telegram|"
    r"more from .*|recommended|top stories|latest news|editor'?s picks?|skip to .*|menu|home)\W*$",
    re.IGNORECASE,
)
# Lines of page furniture that trafilatura sometimes keeps in an extracted body (matched at a line's start).
EXTRACTED_FURNITURE = re.compile(
    r"^(?:read (?:more|next|also|the full)|related(?: coverage| content| stories| articles)?\b|"
    r"more (?:on|from|about) |see also|watch:|listen:|click here|tap here|sign up|subscribe|"
    r"follow (?:us|him|her|them|@)|share (?:this|on)|(?:like us|find us) on|"
    r"get (?:the|our) .*newsletter|download (?:the|our) app|advertisement|"
    r"our (?:standards|editorial (?:standards|policy|guidelines)|corrections policy)|"
    r"this (?:article|story) (?:was|has been|is) (?:originally )?(?:published|updated|reprinted)|"
    r"(?:unfortunately, )?this video is (?:not|no longer) available|your browser does not support|"
    r"video unavailable|now (?:playing|watching)|up next|next video|"
    r"copyright|all rights reserved|©)",
    re.IGNORECASE,
)
# Furniture that news pages print between sentences: credits, timestamps, calls to action, captions
# (searched anywhere in a sentence).
BOILERPLATE_SENTENCE = re.compile(
    r"""
    \bcontributed\b.{0,30}\b(?:report|reporting|story|article)\b
    | ^(?:additional\ )?(?:reporting|writing|editing)\ by\b | \bediting\ by\b
    | ^(?:posted|published|updated|last\ updated|originally\ published|first\ published)\b
    | ^(?:listen|watch|read\ more|click|tap|sign\ up|subscribe|follow\ us|download|share\ this|see\ also
        |related|advertisement|sponsored|recommended)\b
    | all\ rights\ reserved | copyright\b | ©
    | ^(?:this|the|a|an)\ (?:file\ )?(?:photo|photograph|picture|image|graphic|map|chart|video|screenshot)\b
      .{0,80}\b(?:shows?|showing|provided|courtesy|taken|credit)\b
    | \b(?:photo|image|picture|video)\ (?:credit|courtesy)\b | \((?:AP|AFP|Reuters|Getty)[^)]{0,40}\)\s*$
    | ^(?:photo|image|picture|file)\s*[:|/]
    | \b(?:pictured|looks\ on|left\ to\ right|watched\ by|is\ seen|are\ seen)\b
    | \((?:left|right|centre|center|top|bottom|inset)\)
    """,
    re.IGNORECASE | re.VERBOSE,
)
