from django.contrib import admin

from relais.procedures.models import GlossaryTerm, Procedure


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "slug", "updated_at")
    search_fields = ("term", "definition")
    prepopulated_fields = {"slug": ("term",)}


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "category", "current_version", "is_archived")
    list_filter = ("category", "is_archived")
    search_fields = ("title",)
    readonly_fields = ("current_version",)
