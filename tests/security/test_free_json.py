"""SECURITY 49 (issue 22, finding 4): free-form JSON fields are validated to their leaves by
one validator (apps/core/validation.py): an unpaired surrogate, a NUL, an over-long string or
too many keys/items anywhere in `answers` (and the like) is 422 with the path of the bad leaf,
nothing is saved, never a 500. A sweep over every operation of the schema puts a lone
surrogate into every body field, as a string, an object key and value, and a list item."""

import json

import pytest
from django.utils import translation
from rest_framework.exceptions import ValidationError

from apps.core.validation import JSONLimits, free_json_check
from apps.goals.models import Goal
from apps.life_wheel.models import LifeWheel
from apps.rituals.models import JournalEntry
from tests.accounts.factories import UserFactory
from tests.conftest import client_for
from tests.helpers import err
from tests.security.test_hostile_input import api_operations, body_properties

SURROGATE = "\ud800"


def post_raw(client, path, body: str):
    """`body` is JSON text written by hand: json.dumps would escape the surrogate the same way."""
    return client.generic("POST", path, body.encode("utf-8"), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ('{"k": "v\\ud800"}', "answers.k"),
        ('{"k\\ud800": "v"}', "answers.k\\ud800"),
        ('{"k": ["ok", "\\udfff"]}', "answers.k.1"),
        ('{"k": "nul\\u0000"}', "answers.k"),
        ('{"k": "' + "x" * 4001 + '"}', "answers.k"),
        ('{"k": [' + ",".join(['"x"'] * 31) + "]}", "answers.k"),
        ("{" + ",".join(f'"k{i}": 1' for i in range(31)) + "}", "answers"),
        ('{"k": {"deep": "v"}}', "answers.k"),
    ],
)
def test_bad_answers_are_422_with_the_leafs_path(answers, path):
    client = client_for(UserFactory())
    response = post_raw(client, "/api/v1/rituals/entry", '{"type": "evening", "answers": ' + answers + "}")
    error = err(response, 422, "VALIDATION_ERROR")
    assert path in error["fields"], error["fields"]
    assert not JournalEntry.objects.exists()


@pytest.mark.django_db
def test_a_surrogate_in_a_life_wheel_area_id_is_422():
    client = client_for(UserFactory())
    error = err(post_raw(client, "/api/v1/life_wheel", '{"scores": {"health\\ud800": 5}}'), 422, "VALIDATION_ERROR")
    assert "scores.health\\ud800" in error["fields"]
    assert not LifeWheel.objects.exists()


@pytest.mark.django_db
def test_goal_generation_limits_are_checked_to_their_leaves():
    client = client_for(UserFactory())
    error = err(post_raw(client, "/api/v1/goals/generate", '{"limits": {"note": "\\ud800"}}'), 422, "VALIDATION_ERROR")
    assert "limits.note" in error["fields"]
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_a_surrogate_echoed_in_an_error_message_is_written_out():
    """A choice field says `"<input>" is not a valid choice.`: the answer is still JSON."""
    client = client_for(UserFactory())
    error = err(post_raw(client, "/api/v1/rituals/entry", '{"type": "\\ud800", "answers": {}}'), 422, "VALIDATION_ERROR")
    assert "\\ud800" in error["fields"]["type"][0]


def test_the_validator_bounds_depth_keys_items_and_bytes():
    limits = JSONLimits(max_depth=2, max_keys=3, max_items=2, max_key_chars=5, max_text_chars=10, max_bytes=40)
    free_json_check({"a": [1, "x"], "b": None, "c": 1.5}, limits)
    for value, detail in [
        ({"a": {"b": {"c": 1}}}, {"a": {"b": ["Nested at most 2 levels deep."]}}),
        ({"a": 1, "b": 2, "c": 3, "d": 4}, ["At most 3 keys."]),
        ({"a": [1, 2, 3]}, {"a": ["At most 2 items."]}),
        ({"toolong": 1}, {"toolong": ["A key must have 1 to 5 characters."]}),
        ({"a": float("nan")}, {"a": ["Numbers must be finite."]}),
        ({"a": "x" * 10, "b": "y" * 10, "c": "z" * 10}, ["At most 40 bytes as JSON."]),
    ]:
        with pytest.raises(ValidationError) as caught, translation.override("en"):
            free_json_check(value, limits)
        assert json.loads(json.dumps(caught.value.detail)) == detail, value


def surrogate_bodies():
    for path, method, operation, schema in api_operations():
        if method not in ("post", "put", "patch") or "{" in path:
            continue
        names = list(body_properties(schema, operation))
        if names:
            yield path, method, names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [SURROGATE, {"k": SURROGATE}, {SURROGATE: "v"}, [SURROGATE]],
    ids=["string", "object value", "object key", "list item"],
)
def test_a_lone_surrogate_in_any_body_field_is_4xx(value):
    user = UserFactory(is_staff=True)
    operations = list(surrogate_bodies())
    assert len(operations) > 20
    for path, method, names in operations:
        body = json.dumps({name: value for name in names})  # "\ud800" escaped: the parser makes it a lone surrogate
        response = client_for(user).generic(method.upper(), path, body, content_type="application/json")
        assert 400 <= response.status_code < 500, (method, path, response.status_code, response.content[:300])
        assert response.json()["ok"] is False
