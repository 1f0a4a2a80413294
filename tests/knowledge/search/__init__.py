"""Tests of knowledge/search/."""
