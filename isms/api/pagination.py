from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """Pages of 50 by default, up to 200 with ``page_size``; an out-of-range page is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
