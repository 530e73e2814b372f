"""indexes SQLite's planner picks by itself: a contact's waiting texts, and the queued outbound rows in order

SQLite plans with no statistics (no ``ANALYZE`` in production). Given none, it took ``ix_message_outbox``
(``direction, status, ...``) for every query that fixes ``direction`` and ``status``:

- "does this contact have a text waiting?" (the store's claim, the batch's claim of a contact's oldest
  text, "is a later text waiting?", the newest waiting text per contact) walked every waiting text of
  every contact, and the dispatcher's "crisis reply pending for this contact?" walked the contact's whole
  history (``ix_message_contact_created``). ``ix_message_contact_waiting`` (``contact_id, direction,
  status, id``) fixes three columns, so the planner prefers it, and it reads only the contact's rows in
  that state (a contact's long history, a flood, is never read);
- the dispatcher's due rows read and sorted every queued reply for each read: the partial index
  ``ix_message_outbox_due`` (``priority, id``) fixes no column, so the planner did not pick it.
  ``ix_message_queued_out`` replaces it: the same rows (queued outbound only), led by ``direction,
  status``, so the planner takes it and reads it in the query's order, stopping at its ``LIMIT``.

Both work the same on PostgreSQL. The plans are tested in ``tests/bot/storage/test_query_plans.py``
(docs/operations.md, "Thirteenth session").

Revision ID: 0013_contact_waiting
Revises: 0012_referral_safe
Create Date: 2026-12-06 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_contact_waiting"
down_revision: str | None = "0012_referral_safe"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED_OUT = sa.text("direction = 'out' AND status = 'queued'")


def upgrade() -> None:
    op.create_index(
        "ix_message_contact_waiting", "message", ["contact_id", "direction", "status", "id"], unique=False
    )
    op.create_index(
        "ix_message_queued_out",
        "message",
        ["direction", "status", "priority", "id"],
        postgresql_where=QUEUED_OUT,
        sqlite_where=QUEUED_OUT,
    )
    op.drop_index("ix_message_outbox_due", table_name="message")


def downgrade() -> None:
    op.create_index(
        "ix_message_outbox_due",
        "message",
        ["priority", "id"],
        postgresql_where=QUEUED_OUT,
        sqlite_where=QUEUED_OUT,
    )
    op.drop_index("ix_message_queued_out", table_name="message")
    op.drop_index("ix_message_contact_waiting", table_name="message")
