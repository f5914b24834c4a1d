# Mounted under /p/<partnership_slug>/money/ (commissions and spend returns).
app_name = "money"
urlpatterns = []
