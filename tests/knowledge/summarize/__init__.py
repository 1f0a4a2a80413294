"""Tests of knowledge/summarize/."""
