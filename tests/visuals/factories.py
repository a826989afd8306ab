import factory

from apps.ai.backends.offline_image import render_png
from apps.visuals import storage
from apps.visuals.models import VisualAsset
from tests.future_story.factories import FutureStoryFactory


class VisualAssetFactory(factory.django.DjangoModelFactory):
    """An asset with a real file in the default storage."""

    class Meta:
        model = VisualAsset

    story = factory.SubFactory(FutureStoryFactory)
    user = factory.SelfAttribute("story.user")
    image_key = "health"
    prompt = "A runner at sunrise by the sea"
    width = 64
    height = 64
    model = "offline"
    file_name = factory.LazyAttribute(
        lambda asset: storage.image_save(user_id=asset.story.user_id, png=render_png(asset.prompt, (64, 64)))
    )
