# One image for every reqstream service; the compose file picks the module per service.
FROM python:3.11-slim-bookworm
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY services ./services
COPY samples ./samples
# editable: topic files, schemas and samples are read from the source tree
RUN pip install --no-cache-dir -e .
USER nobody
CMD ["python", "-m", "services.scheduler"]
