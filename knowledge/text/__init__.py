"""Words: the shared word lists, normalisation and search terms, dates in text, and match scores."""
