import pytest
from django.core.management import call_command

from discussions.models import Post


@pytest.mark.django_db
def test_load_demo_writes_one_question_and_its_answer_once():
    call_command("load_demo")
    call_command("load_demo")
    posts = list(Post.objects.select_related("author").order_by("created_at", "pk"))
    assert [post.author.username for post in posts] == ["haiphong", "central"]
    assert posts[0].task_id == posts[1].task_id
    assert [unit.code for unit in posts[1].mentioned_units.all()] == ["P34-HAIPHONG"]
