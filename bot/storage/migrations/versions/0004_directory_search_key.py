"""directory search index

Adds ``directory_search_key`` (need token x area token -> service; see
``signposting.models.ServiceSearchKey``) and fills it from the services already stored,
so an existing directory is searchable straight after the upgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tokens in signposting.models (ANY_NEED, GENERAL_NEED, NATIONAL_AREA), copied so this
# migration keeps meaning what it meant when written.
FILL = """
INSERT INTO directory_search_key (need, area_key, service_id)
SELECT n.need, a.area_key, n.service_id
FROM (
    SELECT service_id, need FROM directory_service_need
    UNION SELECT id, '~general' FROM directory_service WHERE is_general = :yes
    UNION SELECT id, '~any' FROM directory_service
) AS n
JOIN (
    SELECT service_id, area_key FROM directory_service_area
    UNION SELECT id, '~national' FROM directory_service WHERE is_national = :yes
) AS a ON a.service_id = n.service_id
"""


def upgrade() -> None:
    op.create_table(
        "directory_search_key",
        sa.Column("need", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("area_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("service_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
        ),
        sa.PrimaryKeyConstraint("need", "area_key", "service_id"),
    )
    with op.batch_alter_table("directory_search_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_search_key_service_id"), ["service_id"], unique=False)
    op.get_bind().execute(sa.text(FILL).bindparams(sa.bindparam("yes", True, type_=sa.Boolean())))


def downgrade() -> None:
    with op.batch_alter_table("directory_search_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_search_key_service_id"))
    op.drop_table("directory_search_key")
