from django.contrib.staticfiles import finders


def test_favicon_ico_redirects_to_the_static_svg_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == "/static/img/favicon.svg"
    svg = open(finders.find("img/favicon.svg"), encoding="utf-8").read()
    assert svg.startswith("<svg") and "viewBox" in svg


def test_pages_link_the_icon(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
