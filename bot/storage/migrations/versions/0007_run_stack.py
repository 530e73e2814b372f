"""run stack: the runs a contact's active flow interrupted or called, and the re-ask count

Adds ``conversation_state.stack`` (JSON list of suspended runs, outermost first; empty for every state
stored before) and ``conversation_state.retries`` (how often the current question was asked again; 0 for
old states, whose flows read their own ``asked_again`` slot on load), so a contact who is mid-flow during
the deploy carries on.

Revision ID: 0007_run_stack
Revises: 0006_dispatch_claims
Create Date: 2026-12-05 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_run_stack"
down_revision: str | None = "0006_dispatch_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stack", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("retries", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("conversation_state", schema=None) as batch_op:
        batch_op.drop_column("retries")
        batch_op.drop_column("stack")
