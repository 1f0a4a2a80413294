"""Read an article's text: its sentences, its quotations and who said each."""
