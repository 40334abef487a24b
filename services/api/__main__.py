"""Integrations API: tenants connect mailboxes here, authenticated by API keys.

GET /integrations/connect/{gmail|outlook} stores a single-use state and returns a start URL;
the user's browser opens /oauth/{provider}/start, which binds the state to that browser (a
nonce cookie) and sends it to the provider with a PKCE challenge; the provider redirects to
/oauth/{provider}/callback, which (with the cookie only) exchanges the code and stores the
credentials encrypted with TOKEN_ENCRYPTION_KEYS (newest key first). POST /integrations/imap,
GET /integrations and DELETE /integrations/{id} manage the rest; /apikeys lists and revokes the
tenant's keys; /requirements (JSON, .csv) and /vendors show what vendors sent; /runs is the
run-history page and /runs/requirements, /runs/vendors the recruiter's pages, signed in at
/runs/sign-in. Log lines pass a redaction filter (percent-decoded first), so codes, tokens and
keys stay out of them.
"""

import uvicorn

from services.api.main import build_app
from services.api.redact import install_redaction
from services.api.settings import ApiSettings
from services.common.logging import setup_logging
from services.db.session import build_engine, build_sessionmaker, wait_for_database


def main() -> None:
    settings = ApiSettings()
    setup_logging(settings.log_level, service="api")
    install_redaction()
    engine = build_engine(settings.database_url)
    wait_for_database(engine)
    app = build_app(settings, sessions=build_sessionmaker(engine))
    try:
        # log_config=None: uvicorn's access lines go through the root handler and its
        # redaction filter (they contain the callback's code and state)
        uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_config=None)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
