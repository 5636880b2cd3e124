"""Newsletter addresses, mounted under /newsletter/inscription/ (and /en/, /ar/)."""

from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("merci/", views.check_inbox, name="check_inbox"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("mon-lien/", views.manage_link, name="manage_link"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("gerer/<str:token>/donnees/", views.export, name="export"),
    path("gerer/<str:token>/supprimer/", views.erase, name="erase"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
