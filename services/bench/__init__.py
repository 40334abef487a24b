"""Benchmarks that print JSON figures: the pipeline end to end and the parser against a slow model.

Never timed tests: the figures are measured on whatever machine runs them and only reported.
"""
