from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_assignment_executing_officer")]

    operations = [
        trigram_index("plans_task", "search_text", "plans_task_search_trgm"),
        trigram_index("plans_plan", "search_text", "plans_plan_search_trgm"),
    ]
