# riskassess: one image for web (gunicorn), the Celery workers, beat and the one-shot migrate.
# Build: docker compose build   (see docker-compose.yml; settings come from the environment, .env.example)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint 70 needs Pango (with its FreeType backend) and HarfBuzz's subsetter from the system;
# fonts-dejavu-core is a fallback when a glyph is missing from the bundled fonts in static/fonts/.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user owns nothing but the writable folders (var/: media, beat schedule, embedded broker).
RUN groupadd --system --gid 10001 riskassess \
    && useradd --system --uid 10001 --gid riskassess --home-dir /app --no-create-home --shell /usr/sbin/nologin riskassess

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=root:root . .

# Static files are collected into the image (WhiteNoise serves them with hashed names). The key below
# only lets the settings load for this build step; it is not in the image's environment.
RUN DJANGO_DEBUG=False DJANGO_SECRET_KEY=collectstatic-build-step-only-not-a-secret \
        DJANGO_ALLOWED_HOSTS=localhost STATIC_ROOT=/app/staticfiles \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/beat /app/var/broker/out /app/var/broker/processed /app/var/log \
    && chown -R riskassess:riskassess /app/var /app/staticfiles

ENV STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media \
    DJANGO_DEBUG=False

USER riskassess:riskassess
EXPOSE 8000

# The default command serves the web; the compose file gives workers, beat and migrate their own.
CMD ["gunicorn", "riskassess.wsgi", "-w", "2", "-b", "0.0.0.0:8000", "--access-logfile", "-"]
