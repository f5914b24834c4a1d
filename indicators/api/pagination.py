"""The one pagination of every list in the API: ?limit= and ?offset=, bounded.

A limit above MAX_LIMIT is cut to it (a huge one used to reach the database and fail); a
negative, zero or garbled limit gives the default page, and such an offset the first page."""

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500


class Pagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = (
                    f"Number of results per page (default {self.default_limit}, at most {self.max_limit})."
                )
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0)
        return parameters
