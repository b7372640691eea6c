def test_document_change_page_links_to_the_html_and_the_pdf(client, superuser, seed):
    client.force_login(superuser)
    page = client.get(f"/admin/projects/document/{seed.pk}/change/").content.decode()
    assert 'href="/reports/711/2022/"' in page
    assert 'href="/reports/711/2022/pdf/"' in page
