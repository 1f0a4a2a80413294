"""Tests of knowledge/understand/."""
