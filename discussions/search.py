"""What the task list's search finds in the threads: the user's readable posts only."""

from .models import Post


def tasks_found_in_threads(user, query: str):
    return Post.objects.visible_to(user).published().search(query).values("task_id")
