"""Tests of knowledge/ingest/."""
