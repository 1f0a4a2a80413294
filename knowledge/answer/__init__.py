"""Answer a reader's question from a corpus: read the intent, rank candidates, reply or refuse."""
