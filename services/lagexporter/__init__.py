"""Lag exporter: consumer-group lag from the Kafka admin API, in kafka_exporter's metric names."""
