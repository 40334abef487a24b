"""The parser service: ``email.raw`` → ``email.parsed``.

Top to bottom: ``wiring`` (assembly, the only reader of settings) → ``handler`` (the pure
composition) → ``hybrid`` (the model policy) → ``model`` (the OpenAI-compatible client) and
``offline`` (decode now, rules on first use) → ``rules`` (the offline extractor) → ``decoding``
(raw bytes → visible text). Each sub-package is used through its ``__init__``; the import-linter
contracts in ``pyproject.toml`` keep the arrows pointing down."""
