from django.db import migrations

from core.trigram import trigram_index


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_initial")]

    operations = [trigram_index("discussions_post", "search_text", "discussions_post_search_trgm")]
