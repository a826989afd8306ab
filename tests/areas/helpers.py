def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False
    assert body["result"] is None
    assert body["error"]["code"] == code
    assert body["error"]["http_code"] == status
    return body["error"]


def result(response, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is True, body
    return body["result"]
