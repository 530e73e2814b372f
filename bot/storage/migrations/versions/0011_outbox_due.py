"""the outbox's due order as an index: queued outbound rows by (priority, id)

The dispatcher reads the due rows ``ORDER BY priority, id LIMIT n`` (crisis first, then oldest first)
several hundred times a second under load. ``ix_message_outbox`` orders queued rows by priority then
``next_attempt_at``, so every read fetched and sorted all the queued rows of the lowest priority: with 10,000
reminders queued, 7.8 ms of PostgreSQL CPU a read. This partial index holds only queued outbound rows, in
the read's order, so a read stops after its first rows (docs/operations.md, issue 17).

Revision ID: 0011_outbox_due
Revises: 0010_rota
Create Date: 2026-12-05 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_outbox_due"
down_revision: str | None = "0010_rota"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUED_OUT = sa.text("direction = 'out' AND status = 'queued'")


def upgrade() -> None:
    op.create_index(
        "ix_message_outbox_due",
        "message",
        ["priority", "id"],
        postgresql_where=QUEUED_OUT,
        sqlite_where=QUEUED_OUT,
    )


def downgrade() -> None:
    op.drop_index("ix_message_outbox_due", table_name="message")
