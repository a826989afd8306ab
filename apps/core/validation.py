from rest_framework import serializers


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate request data with an input serializer; 422 VALIDATION_ERROR with dotted
    `fields` on failure (through the exception handler). DRF's CharField already refuses
    NUL bytes, which PostgreSQL cannot store."""
    serializer = serializer_class(data={} if data is None else data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
