from django.urls import path

from workbench.reviews import views

urlpatterns = [
    path("", views.round_list, name="review_list"),
    path("new/<int:pk>/<int:number>/", views.start, name="review_start"),
    path("<int:pk>/", views.round_detail, name="review_round"),
    path("<int:pk>/items/", views.round_items, name="review_items"),
    path("<int:pk>/kekka.pdf", views.round_pdf, name="review_pdf"),
    path("<int:pk>/remarks/", views.add_remark, name="review_remark"),
    path("<int:pk>/remarks/<int:remark_pk>/answer/", views.answer, name="review_answer"),
    path("<int:pk>/close/", views.close, name="review_close"),
    path("<int:pk>/reviewers/", views.change_reviewers, name="review_reviewers"),
]
