from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Numbered pages over an order that always ends with the primary key, so no row is seen twice."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
