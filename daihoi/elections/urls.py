"""The elections app's URLs, kept in three files so that setup, entry and documents can grow
independently; all share the "elections" namespace."""

from daihoi.elections.urls_documents import urlpatterns as document_patterns
from daihoi.elections.urls_entry import urlpatterns as entry_patterns
from daihoi.elections.urls_setup import urlpatterns as setup_patterns

app_name = "elections"
urlpatterns = [*setup_patterns, *entry_patterns, *document_patterns]
