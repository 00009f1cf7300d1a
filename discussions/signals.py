"""What the discussions tell the apps above them (notifications), so they never have to know them.

`post_published` is sent after the post's transaction commits, when a post is written and when an
edit adds mentions; receivers must be idempotent (notifications records each notice once)."""

from django.dispatch import Signal

post_published = Signal()  # sender=Post, post_id=
