"""Pure types and rules of reqstream: no I/O, no framework."""
