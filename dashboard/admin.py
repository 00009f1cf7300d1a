from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ["period_end", "value", "source", "entered_by"]
    autocomplete_fields = ["entered_by"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "name_en", "unit_vi", "position"]
    inlines = [IndicatorValueInline]
