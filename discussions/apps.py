from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from plans.sections import register_task_markers, register_task_search, register_task_section
        from plans.timeline import register_timeline_source

        from .search import tasks_found_in_threads
        from .sections import thread_entries, thread_section, unread_markers

        register_task_section(thread_section, order=50)
        register_timeline_source(thread_entries)
        register_task_markers(unread_markers)
        register_task_search(tasks_found_in_threads)
