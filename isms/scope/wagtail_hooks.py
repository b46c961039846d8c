"""Admin views for companies and products.

Registered in the "Frameworks" menu by ``isms.frameworks.wagtail_hooks`` (one menu for scope and
catalogs). Compliance officers add and edit; security engineers view. Permissions come from the
data migration ``scope/0002`` and the policies registered in ``ScopeConfig.ready()``.
"""

from wagtail.admin.viewsets.model import ModelViewSet

from isms.scope.models import Company, Product


class CompanyViewSet(ModelViewSet):
    model = Company
    icon = "group"
    menu_label = "Companies"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name", "slug", "legal_name", "country", "security_engineer"]
    list_display = ["name", "legal_name", "country", "security_engineer"]
    list_filter = ["country"]
    search_fields = ["name", "legal_name"]


class ProductViewSet(ModelViewSet):
    model = Product
    icon = "desktop"
    menu_label = "Products"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["name", "slug", "company", "delivery_model", "programme_tier", "description"]
    list_display = ["name", "company", "delivery_model", "programme_tier"]
    list_filter = ["company", "delivery_model", "programme_tier"]
    search_fields = ["name", "description"]
