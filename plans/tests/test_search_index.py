"""The search columns carry a trigram index on PostgreSQL, and the task search uses it."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


@pytest.mark.parametrize("table, name", [
    ("plans_task", "plans_task_search_trgm"),
    ("plans_plan", "plans_plan_search_trgm"),
    ("discussions_post", "discussions_post_search_trgm"),
])
def test_search_text_has_a_trigram_index(table, name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s", [table, name])
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_task_search_is_answered_from_the_index():
    from plans.models import Task

    with connection.cursor() as cursor:
        # A near-empty test table would be read whole otherwise: leave the planner only bitmap scans.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Task.objects.search("hợp tác Hàn Quốc").order_by().values("pk").explain()
    assert "plans_task_search_trgm" in plan
