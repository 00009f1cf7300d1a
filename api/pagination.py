from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from .problems import QueryParameterError


class Pagination(PageNumberPagination):
    """Numbered pages over an order that always ends with the primary key, so no row is seen twice.
    A page size that is not a whole number from 1 to 200 is an error, not silently the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request, paginator):
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        if len(values) == 1 and values[0].isdigit() and int(values[0]) >= 1:
            return values[0]
        raise QueryParameterError({self.page_query_param: [_("Give a page number from 1.")]})

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) == 1 and values[0].isdigit() and 1 <= int(values[0]) <= self.max_page_size:
            return int(values[0])
        raise QueryParameterError({self.page_size_query_param: [
            _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}]})
