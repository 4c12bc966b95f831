"""Shared pieces of the v1 API views: base classes, pagination."""

from rest_framework import generics, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from riskassess.api.schema import ApiAutoSchema


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
