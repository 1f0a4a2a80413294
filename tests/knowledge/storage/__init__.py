"""Tests of knowledge/storage/."""
