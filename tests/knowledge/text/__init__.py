"""Tests of knowledge/text/."""
