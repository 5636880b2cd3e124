"""The site as `make lighthouse` serves it: gunicorn alone, so WhiteNoise
serves the media files (images and their renditions, made at the first
request) besides the static ones; nginx does that in production."""

from django.conf import settings
from whitenoise import WhiteNoise

from cooperation.wsgi import application as site

application = WhiteNoise(site, autorefresh=True)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
