from django.contrib import admin

from .models import Product, Province, Season


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "map", "region", "successor", "valid_from", "valid_until"]
    list_filter = ["map", "region"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["successor"]


class SeasonInline(admin.TabularInline):
    model = Season
    extra = 0
    autocomplete_fields = ["province"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "category"]
    list_filter = ["category"]
    search_fields = ["name", "name_en"]
    inlines = [SeasonInline]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["product", "province", "start_month", "end_month", "calendar", "peak", "verified"]
    list_filter = ["verified", "calendar", "product__category", "province__region"]
    search_fields = ["product__name", "product__name_en", "province__name", "source"]
    autocomplete_fields = ["product", "province"]
