from django.contrib import admin

from gongkai.water.models import Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """Sections are reference data until the shared reference-data pages land."""

    list_display = ("code", "name", "water_name", "water_body", "control_level", "target_class", "is_active")
    list_filter = ("water_body", "control_level", "drinking_water_source", "is_active")
    search_fields = ("code", "name", "water_name")
