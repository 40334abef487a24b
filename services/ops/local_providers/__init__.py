"""Local stand-ins for the mail providers: a Gmail API and Pub/Sub signer, Microsoft's identity
platform and Graph, and a throwaway Dovecot. The tests use them (``tests.providers`` adds the
pytest fixtures) and so does ``reqstream bench freshness``, which runs them beside real services.
"""
