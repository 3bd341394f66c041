"""GET /api/ref/: authenticate the Bearer token (ninja-jwt's JWTAuth: one SELECT of the user)."""

from django.urls import path
from ninja import NinjaAPI
from ninja_jwt.authentication import JWTAuth

api = NinjaAPI(auth=JWTAuth(), docs_url=None, openapi_url=None)


@api.get("/ref/")
def ref(request):
    return {"id": request.user.id, "username": request.user.username}


urlpatterns = [path("api/", api.urls)]
