"""The local Pub/Sub push signer (``services.ops.local_providers.google_pubsub``)."""

from services.ops.local_providers.google_pubsub import *  # noqa: F403  (the tests' names)
