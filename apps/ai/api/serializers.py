from rest_framework import serializers

from ..models import AIJob


class AIJobErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    http_code = serializers.IntegerField()
    message = serializers.CharField()
    details = serializers.DictField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class AIJobPublicSerializer(serializers.Serializer):
    job_id = serializers.UUIDField()
    kind = serializers.CharField(help_text="The AI task: wants.analyze, future_story.generate, ...")
    status = serializers.ChoiceField(choices=AIJob.Status.choices)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    result = serializers.JSONField(
        allow_null=True, help_text="When succeeded: exactly the result the synchronous call answers."
    )
    error = AIJobErrorSerializer(
        allow_null=True, help_text="When failed: exactly the error the synchronous call answers."
    )
