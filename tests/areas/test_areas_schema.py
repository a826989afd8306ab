import pytest


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema?format=json")
    assert response.status_code == 200
    return response.json()


def codes(schema, path, method):
    return set(schema["paths"][path][method]["x-error-codes"])


def test_schema_documents_area_and_life_wheel_errors(schema):
    assert {"AREA_ALREADY_EXISTS", "AUTH_FORBIDDEN", "AUTH_NOT_AUTHENTICATED"} <= codes(schema, "/api/v1/areas", "post")
    assert {"AREA_NOT_FOUND", "AUTH_FORBIDDEN"} <= codes(schema, "/api/v1/areas/{area_id}", "put")
    assert {"AREA_NOT_FOUND", "AUTH_FORBIDDEN"} <= codes(schema, "/api/v1/areas/{area_id}", "delete")
    assert "AREA_NOT_FOUND" in codes(schema, "/api/v1/areas/{area_id}", "get")
    assert "AUTH_NOT_AUTHENTICATED" not in codes(schema, "/api/v1/areas/{area_id}", "get")
    assert {"LIFE_WHEEL_EMPTY_SCORES", "LIFE_WHEEL_INVALID_AREA_ID", "VALIDATION_ERROR"} <= codes(
        schema, "/api/v1/life_wheel", "post"
    )


def test_schema_describes_the_public_shapes(schema):
    components = schema["components"]["schemas"]
    assert set(components["AreaPublic"]["properties"]) == {
        "id",
        "title",
        "description",
        "icon",
        "color",
        "order_index",
        "is_active",
        "created_at",
        "updated_at",
    }
    assert set(components["LifeWheelCreated"]["properties"]) == {
        "id",
        "scores",
        "note",
        "created_at",
        "gamification_event",
    }
    latest = schema["paths"]["/api/v1/life_wheel/latest"]["get"]["responses"]["200"]
    assert latest["content"]["application/json"]["schema"]["properties"]["result"]["nullable"] is True
