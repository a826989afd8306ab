import factory

from apps.areas.models import Area


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("id",)

    id = factory.Sequence(lambda n: f"custom_area_{n}")
    title_ru = factory.Sequence(lambda n: f"Сфера {n}")
    title_en = factory.Sequence(lambda n: f"Area {n}")
    description_ru = "Описание"
    description_en = "Description"
    icon = "⭐"
    color = "#123456"
    order_index = 100
    is_active = True
