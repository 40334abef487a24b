"""The relational model: tenants, users, candidates, integrations, sync runs, the ledger, jobs,
requirements.

One module per aggregate; this package re-exports every table class, so
``from services.db.models import X`` keeps working and importing it registers every table on
``Base.metadata`` (what Alembic's autogenerate and ``create_all`` see).
"""

from services.db.models.api_access import ApiKey, ApiSession, OAuthState
from services.db.models.base import Base
from services.db.models.integrations import (
    EmailIntegration,
    IntegrationCounters,
    IntegrationPush,
    Notification,
)
from services.db.models.jobs import JobPosting, JobPostingHistory
from services.db.models.ledger import ProcessedEmail, RawEmailBlob
from services.db.models.requirements import (
    Requirement,
    RequirementHistory,
    RequirementOverride,
    RequirementSighting,
)
from services.db.models.sync_runs import SyncRun, SyncRunEmail, SyncSlotClaim
from services.db.models.tenants import Candidate, PortalUser, Tenant

__all__ = [
    "ApiKey",
    "ApiSession",
    "Base",
    "Candidate",
    "EmailIntegration",
    "IntegrationCounters",
    "IntegrationPush",
    "JobPosting",
    "JobPostingHistory",
    "Notification",
    "OAuthState",
    "PortalUser",
    "ProcessedEmail",
    "RawEmailBlob",
    "Requirement",
    "RequirementHistory",
    "RequirementOverride",
    "RequirementSighting",
    "SyncRun",
    "SyncRunEmail",
    "SyncSlotClaim",
    "Tenant",
]
