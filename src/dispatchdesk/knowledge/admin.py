from django.contrib import admin

from dispatchdesk.knowledge.models import Article, ArticleVersion


class VersionInline(admin.TabularInline[ArticleVersion, Article]):
    model = ArticleVersion
    fields = ("language", "number", "title", "author", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    """Read-only: articles are written on the agents' knowledge pages, through knowledge.services."""

    list_display = ("__str__", "category", "visibility", "status", "helpful_yes", "helpful_no", "updated_at")
    list_filter = ("visibility", "status", "category")
    inlines = [VersionInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
