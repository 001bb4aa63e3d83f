from django.urls import path

from komunitas.pustaka.views import collections, resources

app_name = "pustaka"

urlpatterns = [
    path("", resources.resource_list, name="list"),
    path("baru/", resources.resource_create, name="create"),
    path("simpan/<int:post_pk>/", resources.resource_save_from_post, name="save_from_post"),
    path("<int:pk>/", resources.resource_detail, name="detail"),
    path("<int:pk>/ubah/", resources.resource_edit, name="edit"),
    path("<int:pk>/hapus/", resources.resource_delete, name="delete"),
    path("<int:pk>/versi/baru/", resources.version_create, name="version_create"),
    path("<int:pk>/unduh/", resources.download, name="download"),
    path("<int:pk>/versi/<int:number>/unduh/", resources.download, name="download_version"),
    path("<int:pk>/bermanfaat/", resources.vote, name="vote"),
    path("<int:pk>/koleksi/", resources.add_to_collection, name="add_to_collection"),
    path("koleksi/", collections.collection_list, name="collections"),
    path("koleksi/baru/", collections.collection_create, name="collection_create"),
    path("koleksi/<int:pk>/", collections.collection_detail, name="collection"),
    path("koleksi/<int:pk>/ubah/", collections.collection_edit, name="collection_edit"),
    path("koleksi/<int:pk>/hapus/", collections.collection_delete, name="collection_delete"),
    path(
        "koleksi/<int:pk>/item/<int:item_pk>/naik/",
        collections.item_move,
        {"direction": -1},
        name="item_up",
    ),
    path(
        "koleksi/<int:pk>/item/<int:item_pk>/turun/",
        collections.item_move,
        {"direction": 1},
        name="item_down",
    ),
    path(
        "koleksi/<int:pk>/item/<int:item_pk>/keluarkan/",
        collections.item_remove,
        name="item_remove",
    ),
]
