"""Shared pieces of the v1 API views: base classes, pagination, TLP labels."""

from rest_framework import generics, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from riskassess.api.schema import ApiAutoSchema

TLP_CHOICES = ["TLP:RED", "TLP:AMBER+STRICT", "TLP:AMBER", "TLP:GREEN", "TLP:CLEAR"]


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ApiView(APIView):
    """An APIView of the v1 API: documented errors, our pagination for lists."""

    schema = ApiAutoSchema()


class ListApiView(generics.ListAPIView):
    schema = ApiAutoSchema()
    pagination_class = Pagination


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    schema = ApiAutoSchema()
    pagination_class = Pagination


def paginate(view: APIView, request, queryset, serializer_class, *, context=None):
    """A paginated response of `queryset` for an APIView (filters applied by the caller)."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context=context or {"request": request}).data
    return paginator.get_paginated_response(data)
