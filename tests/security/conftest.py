"""The French objects of the access matrix, for the fuzz test."""

from tests.test_access_matrix import french  # noqa: F401  (a fixture)
