"""Operator tools: dead letters, replay, and other runs against the pipeline."""
