from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Progress reports")

    def ready(self):
        from core.exports import register_export
        from plans.sections import register_task_section
        from plans.signals import plan_issued
        from plans.timeline import register_timeline_source

        from .exports import REVIEW_QUEUE_EXPORT, WORK_LIST_EXPORT
        from .sections import task_reports_section
        from .services import periods_on_plan_issued
        from .timeline import returned_report_entries

        plan_issued.connect(periods_on_plan_issued, dispatch_uid="reports.periods_on_plan_issued")
        register_task_section(task_reports_section, order=10)
        register_timeline_source(returned_report_entries)
        register_export(WORK_LIST_EXPORT)
        register_export(REVIEW_QUEUE_EXPORT)
