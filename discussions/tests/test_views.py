import datetime
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import Post, ThreadRead
from discussions.tests.factories import PostFactory, pdf_upload
from plans.tests.factories import TaskFactory
from reports.models import ReportEvent
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory


def task_url(thread):
    return reverse("plans:task_detail", args=[thread.task.pk])


def test_task_page_shows_the_thread_to_its_readers_with_links_and_no_html(client, thread):
    services.post_create(
        task=thread.task, text="<script>alert(1)</script>\nXem https://baohiemxahoi.gov.vn nhé", by=thread.officer,
    )
    client.force_login(thread.planner)
    html = client.get(task_url(thread)).content.decode()
    assert "Trao đổi và diễn biến" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://baohiemxahoi.gov.vn" rel="nofollow">https://baohiemxahoi.gov.vn</a>' in html
    assert "&lt;/script&gt;<br>Xem" in html


def test_task_page_of_an_outsider_is_404_and_the_thread_urls_too(client, thread):
    post = services.post_create(task=thread.task, text="Bí mật nội bộ", by=thread.officer, uploads=[pdf_upload()])
    client.force_login(thread.outsider)
    assert client.get(task_url(thread)).status_code == 404
    assert client.get(reverse("discussions:post_create", args=[thread.task.pk])).status_code == 404
    assert client.post(reverse("discussions:post_create", args=[thread.task.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("discussions:post_edit", args=[post.pk])).status_code == 404
    assert client.post(reverse("discussions:post_withdraw", args=[post.pk])).status_code == 404
    attachment = post.attachments.get()
    assert client.get(reverse("discussions:attachment_download", args=[attachment.pk])).status_code == 404
    assert Post.objects.count() == 1


def test_search_finds_posts_for_readers_only(client, thread):
    services.post_create(task=thread.task, text="Đề nghị bổ sung kinh phí phiên dịch", by=thread.officer)
    client.force_login(thread.planner)
    found = client.get(reverse("plans:task_list"), {"q": "kinh phi phien dich"}).content.decode()
    assert "Đón đoàn NPS Hàn Quốc" in found
    client.force_login(thread.outsider)
    found = client.get(reverse("plans:task_list"), {"q": "kinh phi phien dich"}).content.decode()
    assert "Đón đoàn NPS Hàn Quốc" not in found
    assert "Đón đoàn NPS Hàn Quốc" not in _exported_titles(client, "kinh phi phien dich")
    client.force_login(thread.planner)
    assert "Đón đoàn NPS Hàn Quốc" in _exported_titles(client, "kinh phi phien dich")


def _exported_titles(client, query) -> str:
    response = client.get(reverse("plans:task_list"), {"q": query, "format": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def test_post_create_form_keeps_values_on_error(client, thread):
    client.force_login(thread.officer)
    response = client.post(
        reverse("discussions:post_create", args=[thread.task.pk]),
        {"text": "   ", "mentions": [f"unit-{thread.coordinating.pk}"]},
    )
    assert response.status_code == 200
    assert not Post.objects.exists()
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert f'value="unit-{thread.coordinating.pk}" selected' in html


def test_post_create_with_mentions_and_a_file(client, thread):
    client.force_login(thread.planner)
    response = client.post(
        reverse("discussions:post_create", args=[thread.task.pk]),
        {"text": "Đề nghị Hải Phòng gửi lịch", "mentions": [f"unit-{thread.haiphong.pk}", f"user-{thread.officer.pk}"],
         "attachments": [pdf_upload("lich.pdf"), pdf_upload("ds.pdf")]},
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#post-{post.pk}")
    assert list(post.mentioned_units.all()) == [thread.haiphong]
    assert list(post.mentioned_users.all()) == [thread.officer]
    assert sorted(post.attachments.values_list("original_name", flat=True)) == ["ds.pdf", "lich.pdf"]


def test_attachment_opens_inline_in_a_sandbox_or_downloads(client, thread):
    post = services.post_create(task=thread.task, text="Công văn", by=thread.officer, uploads=[pdf_upload()])
    url = reverse("discussions:attachment_download", args=[post.attachments.get().pk])
    client.force_login(thread.coordinator)
    inline = client.get(url, {"view": "inline"})
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Security-Policy"] == "sandbox"
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    download = client.get(url)
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    page = client.get(task_url(thread)).content.decode()
    assert f'src="{url}?view=inline"' in page


def test_edit_and_withdraw_pages(client, thread):
    post = services.post_create(task=thread.task, text="Lịch 10/7", by=thread.officer)
    client.force_login(thread.officer)
    edit = reverse("discussions:post_edit", args=[post.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"text": "Lịch 12/7", "lock_version": 0}).status_code == 302
    assert Post.objects.get().text == "Lịch 12/7"
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    assert client.get(edit).status_code == 403
    client.force_login(thread.planner)
    assert client.post(reverse("discussions:post_withdraw", args=[post.pk])).status_code == 403
    client.force_login(thread.officer)
    assert client.post(reverse("discussions:post_withdraw", args=[post.pk])).status_code == 302
    html = client.get(task_url(thread)).content.decode()
    assert "Lịch 12/7" not in html and "Đã được người viết rút lại" in html


def test_unread_marker_on_the_task_list_until_the_thread_is_read(client, thread):
    services.post_create(task=thread.task, text="Câu hỏi", by=thread.officer)
    client.force_login(thread.planner)
    assert "unread-marker" in client.get(reverse("plans:task_list")).content.decode()
    client.get(task_url(thread))
    assert ThreadRead.objects.filter(user=thread.planner, task=thread.task).exists()
    assert "unread-marker" not in client.get(reverse("plans:task_list")).content.decode()
    client.force_login(thread.officer)  # one's own post is never unread
    assert "unread-marker" not in client.get(reverse("plans:task_list")).content.decode()


def test_returned_report_comment_shows_in_the_timeline_oldest_first(client, thread):
    PostFactory(task=thread.task, author=thread.officer, text="Câu hỏi đầu tiên",
                created_at=timezone.now() - datetime.timedelta(days=2))
    period = ReportingPeriodFactory(plan=thread.task.plan)
    report = ProgressReportFactory(
        assignment=thread.task.assignments.get(role="lead"), period=period, status="returned",
        first_submitted_at=timezone.now(), submitted_at=timezone.now(), reviewed_at=timezone.now(),
        review_comment="Bổ sung số liệu chi",
    )
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.RETURNED, actor=thread.planner,
                               comment="Bổ sung số liệu chi", at=timezone.now() - datetime.timedelta(days=1))
    PostFactory(task=thread.task, author=thread.planner, text="Trả lời sau cùng")
    client.force_login(thread.officer)
    html = client.get(task_url(thread)).content.decode()
    assert html.index("Câu hỏi đầu tiên") < html.index("Bổ sung số liệu chi") < html.index("Trả lời sau cùng")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_task_page_queries_do_not_grow_with_the_thread(client, thread):
    """1 post, then 200: the task page (timeline, mentions, files, read marker) asks the same queries."""
    client.force_login(thread.planner)
    counts = {}
    for total in (1, 200):
        for number in range(total - Post.objects.count()):
            post = PostFactory(task=thread.task, author=thread.officer if number % 2 else thread.coordinator,
                               created_at=timezone.now() - datetime.timedelta(minutes=300 - number))
            post.mentioned_units.add(thread.haiphong)
        client.get(task_url(thread))
        PostFactory(task=thread.task, author=thread.officer)  # one unread post each time
        counts[total] = _queries(client, task_url(thread))
    assert counts[1] == counts[200]


def test_task_list_markers_ask_the_same_queries_for_1_and_50_unread_tasks(client, thread):
    client.force_login(thread.planner)
    counts = {}
    for total in (1, 50):
        for _number in range(total - thread.task.plan.tasks.count()):
            TaskFactory(objective=thread.task.objective, lead=thread.haiphong)
        for task in thread.task.plan.tasks.all():
            PostFactory(task=task, author=thread.officer)
        counts[total] = _queries(client, reverse("plans:task_list"))
        assert client.get(reverse("plans:task_list")).content.decode().count("unread-marker") == total
    assert counts[1] == counts[50]
