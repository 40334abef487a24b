"""Parser: consumes email.raw, publishes email.parsed.

Decodes each raw RFC 822 email to clean text and extracts is_job, category, confidence and the
jobs of the extraction contract: with the offline rules, or in hybrid mode with an
OpenAI-compatible model (PARSER_EXTRACTOR). Up to PARSER_MAX_IN_FLIGHT emails are processed
concurrently by asyncio workers, model calls in parallel; a partition's offset is stored only
up to its first unfinished email, after the parsed results before it were acknowledged.
Undecodable messages go to email.raw.dlq with a reason; the consumer goes on.
"""

import asyncio

from services.common.lifecycle import on_shutdown_signal, wait_for_kafka
from services.common.logging import setup_logging
from services.common.ops_server import serve_consumer_ops
from services.parser import wiring
from services.parser.settings import ParserSettings


def main() -> None:
    settings = ParserSettings()
    setup_logging(settings.log_level, service="parser")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    runner, close = wiring.build(settings)
    stop_ops = serve_consumer_ops(settings, service="parser", assigned=runner.assigned)
    on_shutdown_signal(runner.stop)
    try:
        asyncio.run(runner.run())
    finally:
        stop_ops()
        close()


if __name__ == "__main__":
    main()
