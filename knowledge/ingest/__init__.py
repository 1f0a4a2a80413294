"""From a source (URL, feed, HTML page, text dump, PDF, document) to a parsed ``Article``."""
