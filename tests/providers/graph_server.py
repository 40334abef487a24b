"""The local Microsoft Graph mailbox (``services.ops.local_providers.graph_server``)."""

from services.ops.local_providers.graph_server import *  # noqa: F403  (the tests' names)
