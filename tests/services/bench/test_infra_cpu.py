"""The pipeline bench's server and machine CPU figures (pure parts, and the port lookup on a
socket this test listens on)."""

from __future__ import annotations

import os
import socket

from services.bench.infra_cpu import MachineWindow, infra_figures, listening_pids, server_ports


def test_server_ports_names_local_brokers_and_the_database() -> None:
    ports = server_ports(
        "127.0.0.1:9092,localhost:9093", "postgresql+psycopg2://u:p@127.0.0.1:5433/db"
    )
    assert ports == {"kafka-1": 9092, "kafka-2": 9093, "postgresql": 5433}


def test_server_ports_leaves_out_other_hosts_and_defaults_the_ports() -> None:
    assert server_ports("kafka:9092", "postgresql://u@db/x") == {}
    assert server_ports("localhost", "postgresql://u@localhost/x") == {
        "kafka": 9092,
        "postgresql": 5432,
    }


def test_listening_pids_finds_this_process_by_its_port() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert listening_pids({"server": port}) == {"server": os.getpid()}


def test_infra_figures_add_the_servers_to_the_services() -> None:
    machine = MachineWindow(cores=2, busy_s=3.0, wall_s=2.0)
    infra = {
        "kafka": {"cpu_s": 0.7, "rss_peak_mb": 250.0},
        "postgresql": {"cpu_s": 0.3, "rss_peak_mb": 300.0},
    }
    figures = infra_figures(infra, services_ms=2.0, emails=1000, machine=machine)
    assert figures["infra_cpu_ms_per_email"] == {"kafka": 0.7, "postgresql": 0.3}
    assert figures["services_and_infra_cpu_ms_per_email"] == 3.0
    assert figures["machine_cpu_ms_per_email"] == 3.0
    assert figures["machine_busy_cores"] == 1.5
    assert figures["cores_bound_emails_per_s"] == round(2 * 1000 / 3.0, 1)


def test_infra_figures_with_no_emails_are_zero() -> None:
    figures = infra_figures({}, services_ms=0.0, emails=0, machine=MachineWindow(cores=2))
    assert figures["services_and_infra_cpu_ms_per_email"] == 0.0
    assert figures["cores_bound_emails_per_s"] == 0.0
    assert figures["machine_busy_cores"] == 0.0
