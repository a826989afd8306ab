FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=false SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789 \
    JWT_SECRET_KEY=build-only-jwt-secret-not-used-at-runtime-0123456789 \
    python manage.py collectstatic --noinput --verbosity 0
EXPOSE 8000
