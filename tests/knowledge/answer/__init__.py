"""Tests of knowledge/answer/."""
