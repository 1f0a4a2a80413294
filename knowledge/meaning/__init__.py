"""Meaning: sentence embeddings, so a question finds the sentence that says the same thing in other words."""
