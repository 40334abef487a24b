"""Modules written by ``python -m schemas.contracts.generate``; never edited by hand."""
