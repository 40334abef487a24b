"""Parser: consumes email.raw, publishes email.parsed.

Decodes each raw RFC 822 email to clean text and extracts is_job, category, confidence and the
jobs of the extraction contract: with the offline rules, or in hybrid mode with an
OpenAI-compatible model (PARSER_EXTRACTOR). Up to PARSER_MAX_IN_FLIGHT emails are processed
concurrently by asyncio workers, model calls in parallel; a partition's offset is stored only
up to its first unfinished email, after the parsed results before it were acknowledged.
Undecodable messages go to email.raw.dlq with a reason; the consumer goes on.
"""

import gc

from services.common.heap import freeze_alive
from services.common.lifecycle import run_consumer
from services.db.probe import database_probe
from services.parser import wiring
from services.parser.settings import ParserSettings

# what an email in flight holds (its decoded text, its task, in model mode its request and
# reply objects) survives hundreds of young collections at the default 700 allocations, and
# each full collection walked the ~50,000 objects of the emails in flight (30-45 ms)
GC_YOUNG_THRESHOLD = 20_000  # allocations


def main() -> None:
    # the imports leave ~140,000 objects that live as long as the process; every full
    # collection walked them all (tens of milliseconds each, ~0.05 ms CPU per email in the
    # parser). Frozen, the collector looks only at what was made since.
    freeze_alive()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    settings = ParserSettings()
    run_consumer(
        settings,
        service="parser",
        build=wiring.build,
        checks={"database": database_probe(settings.database_url)},
    )


if __name__ == "__main__":
    main()
