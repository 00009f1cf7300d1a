from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaSession, Attendance, Award, Conference, Feedback, Invitation, Participant, SessionMaterial, Speaker


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["invited_at", "invited_by"]


class AgendaSessionInline(admin.TabularInline):
    model = AgendaSession
    extra = 0
    fields = ["day", "start_time", "end_time", "topic"]


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0
    exclude = ["created_by"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "organiser", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "search_text"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["province", "organiser"]
    raw_id_fields = ["task"]
    readonly_fields = ["created_by", "report_filed_at", "report_filed_by"]
    inlines = [InvitationInline, AgendaSessionInline, AwardInline]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "position", "organisation", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation", "search_text"]


@admin.register(AgendaSession)
class AgendaSessionAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "conference", "day", "start_time", "end_time"]
    list_select_related = ["conference"]
    filter_horizontal = ["speakers"]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "invitation", "organisation", "status"]
    list_filter = ["status"]
    list_select_related = ["invitation__unit", "invitation__conference"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["conference", "invitation"]


admin.site.register([SessionMaterial, Attendance, Feedback], SimpleHistoryAdmin)
