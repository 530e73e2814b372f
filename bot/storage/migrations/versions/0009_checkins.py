"""check-ins and school terms: checkin_plan, checkin_answer, checkin_request, school_term

Plans, one answer row per check-in sent, requests made by text (issue 15), and school term dates for the
calendar. Bank holidays are not stored (they come from the ``holidays`` library).

Revision ID: 0009_checkins
Revises: 0007_run_stack
Create Date: 2026-12-05 02:47:25.542978
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.storage.models.types

revision: str = "0009_checkins"
down_revision: str | None = "0008_appointments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "school_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("school_id", "start", name="uq_school_term_start"),
    )
    with op.batch_alter_table("school_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_term_school_id"), ["school_id"], unique=False)

    op.create_table(
        "checkin_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("weekday", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("end_after", sa.Integer(), nullable=True),
        sa.Column("until_first_appointment", sa.Boolean(), nullable=False),
        sa.Column("skip_holidays", sa.Boolean(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("goal_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("paused_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("tips_used", sa.JSON(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("created_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkin_plan", schema=None) as batch_op:
        batch_op.create_index("ix_checkin_plan_contact_status", ["contact_id", "status"], unique=False)

    op.create_table(
        "checkin_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("due_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("asked_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("score_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("goal_score", sa.Integer(), nullable=True),
        sa.Column("goal_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("note_message_id", sa.Integer(), nullable=True),
        sa.Column("note_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("tip", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("review_reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("escalation_ref", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["note_message_id"],
            ["message.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["checkin_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "sequence", name="uq_checkin_answer_plan_sequence"),
    )
    with op.batch_alter_table("checkin_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_answer_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkin_answer_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "checkin_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("requested_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("decided_at", bot.storage.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["checkin_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkin_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_request_contact_id"), ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkin_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_request_contact_id"))

    op.drop_table("checkin_request")
    with op.batch_alter_table("checkin_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_answer_plan_id"))
        batch_op.drop_index(batch_op.f("ix_checkin_answer_contact_id"))

    op.drop_table("checkin_answer")
    with op.batch_alter_table("checkin_plan", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_plan_contact_status")

    op.drop_table("checkin_plan")
    with op.batch_alter_table("school_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_term_school_id"))

    op.drop_table("school_term")
