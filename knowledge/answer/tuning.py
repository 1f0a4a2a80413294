"""The tuned thresholds, calibration curves and candidate counts every family of questions decides with."""

from __future__ import annotations

# Decision thresholds on the raw scores, tuned on the synthetic collections of benchmarks/answer_bench.py
# and the dev questions of benchmarks/qa_eval.py; re-run both after changing any of them.
QUOTE_MEANING = 1.5  # "who said" by meaning: the closest quote's z from which its speaker is named
QUOTE_MATCH = 0.72  # fragment_score for "who said": below it no one is named
NAME_MATCH = 0.78  # name_score for "what did X say" / "who is X"
NAME_TIE = 0.04  # people this close to the best name are all offered ("which one?")
FACT_MATCH = 0.62  # IDF-weighted coverage of the question by one sentence, after the answer-kind check
TOPIC_MATCH = 0.5  # share of the topic's words a quote (with its sentence) must hold to count as "about" it
ARTICLE_MATCH = 0.5  # share of a topic's words an article must hold to be listed for it
MAX_EXCERPTS = 12  # "what did X say": the bot shows them a few at a time
UNMENTIONED = 0.7  # a fact's score is multiplied by this for each name in the question its article never uses
ANOTHER = 0.6  # ... and by this when it names another body than the question ("Northgate Health Trust")
TYPO = 80  # rapidfuzz ratio from which two spellings are read as one word
# A question word the one article asked about never uses (nor any related word) is most often the reader's
# own wording for what it says otherwise ("fired" for "sacked"; over a whole collection an unknown word is
# rather a typo or another story's name, and keeps its weight): when the answer's kind can be checked
# strictly (a number, a sum, a date), it weighs at most this share of the mean weight of the words that are
# there, instead of the highest IDF of all. Names the articles never use keep their full weight. Tuned on
# reworded dev questions; re-run benchmarks/qa_eval.py (absent questions) after changing it.
UNKNOWN_SHARE = 0.5
STRICT_KINDS = ("number", "money", "date", "percent", "duration", "age", "score")
# Raw score -> probability that the answer is right: a logistic curve per intent, fitted by maximum
# likelihood on the raw scores of planted questions, answerable and not (benchmarks/answer_bench.py, 10,000
# articles), checked on the dev questions (benchmarks/qa_eval.py); answer_bench prints the reliability
# table. The fits put p = 0.5 at 0.74 (who said) and 0.65 (fact), next to the decision thresholds above,
# which are kept as the midpoints; "what did X say" had no wrong match to fit, so its slope is a guess.
# An answer is given when the calibrated confidence reaches THRESHOLD.
THRESHOLD = 0.5
CALIBRATION: dict[str, tuple[float, float]] = {  # intent: (slope, raw score at which p = 0.5)
    "who_said": (25.0, QUOTE_MATCH),
    "who_said_meaning": (1.5, QUOTE_MEANING),  # by meaning: the z of the closest quote (see MEANING_LOW)
    "what_said": (20.0, NAME_MATCH),
    "fact": (6.0, FACT_MATCH),
}
# How many candidates each search asks the corpus for (best first by how many rare terms they hold).
QUOTE_CANDIDATES = 30
FEW_QUOTES = 1  # the index stops at the first level of matching words that finds a quote
NARRATION_CANDIDATES = 15
FACT_CANDIDATES = 60
FACT_ENOUGH = 10
TOPIC_CANDIDATES = 150
SPEAKER_CANDIDATES = 200
PERSON_QUOTES = 500
UNNAMED_ROLE = 0.5  # a role's fit for a speaker the article does not name ("the governor")
JOIN_CANDIDATES = 3  # "who said": the best candidates whose neighbouring quotes are joined to them
JOINED_PIECES = 3  # ... into runs of at most this many consecutive quotes by the same speaker
RERANK = 12  # candidates kept after a quick rapidfuzz pass (in C), for the full scorers

# Matching by meaning (``knowledge.meaning``), fitted on the tune split of benchmarks/corpus/questions.
# A sentence's cosine with the question is read against the article's other sentences (how many standard
# deviations above their mean, z): from MEANING_LOW it counts, at MEANING_HIGH fully, as a coverage of
# MEANING_WEIGHT. The fact found by either way is answered when its score reaches MEANING_MATCH.
MEANING_POOL = 400  # sentences scored by meaning per question (every sentence of a scoped article)
MEANING_CANDIDATES = 8  # the closest of them join the candidates found by words
MEANING_LOW = 1.5
MEANING_HIGH = 2.5
MEANING_WEIGHT = 1.0
MEANING_BOTH = 0.15  # a sentence found both ways gains this share of its lower score
MEANING_MATCH = 0.7
FACT_SURE = 0.95  # a sentence the words alone score this high is answered without encoding the question
MEANING_ARTICLES = 3  # over several articles, meaning re-ranks the articles of the best few sentences by words
TOPIC_MEANING = 0.5  # "what did X say about T" by meaning: a quote's z among X's quotes from which it is on T
TOPIC_QUOTES = 2  # ... and at most this many are put first
