"""A single-node KRaft Kafka broker run natively from the Maven jars (kafka-native.md §2-§5)."""

import base64
import logging
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from services.domain.errors import ReqstreamError
from services.infra.process import (
    POLL_INTERVAL,
    free_ports,
    log_tail,
    pid_alive,
    pid_matches,
    port_open,
    spawn,
    stop_process,
)

logger = logging.getLogger(__name__)

MVN_COMMAND = "mvn -B -q -f deploy/kafka/pom.xml dependency:copy-dependencies"
READY_TIMEOUT = 90.0  # seconds, format excluded
FORMAT_TIMEOUT = 120.0  # seconds
STOP_GRACE = 30.0  # seconds between SIGTERM and SIGKILL

# kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS with the GC swapped: on 2 cores SerialGC and
# C1-only compilation cut start-up CPU (measured); broker throughput does not matter here.
FAST_START_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
G1_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
)

# §4; the small heap needs the lowered cleaner buffer (128 MiB by default, allocated at start-up).
# A single node is its own quorum; cluster nodes (kafka_cluster.py) fill in their ids, the voters
# and the replication defaults.
SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id={node_id}
{quorum}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}
advertised.listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data}
num.partitions=1
default.replication.factor={replication}
min.insync.replicas={min_isr}
offsets.topic.replication.factor={replication}
offsets.topic.num.partitions=1
transaction.state.log.replication.factor={replication}
transaction.state.log.min.isr={min_isr}
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor={replication}
share.coordinator.state.topic.min.isr={min_isr}
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=16777216
"""


def server_properties(
    *, port: int, cport: int, data: Path, node_id: int = 1, quorum: str | None = None
) -> str:
    """One node's server.properties; ``quorum`` is a ``controller.quorum.voters`` value (a
    cluster), None for a standalone node. Replication defaults follow the node count."""
    if quorum is None:
        quorum_line, nodes = f"controller.quorum.bootstrap.servers=127.0.0.1:{cport}", 1
    else:
        quorum_line, nodes = f"controller.quorum.voters={quorum}", quorum.count("@")
    replication, min_isr = replication_for(nodes)
    return SERVER_PROPERTIES.format(
        node_id=node_id,
        quorum=quorum_line,
        port=port,
        cport=cport,
        data=data,
        replication=replication,
        min_isr=min_isr,
    )


def replication_for(brokers: int) -> tuple[int, int]:
    """(replication factor, min.insync.replicas) for ``brokers`` brokers: 3 and 2 from three
    brokers on (one broker may be down and acks=all writes still succeed), else 1 and 1."""
    if brokers >= 3:
        return 3, 2
    return 1, 1


class KafkaStartError(ReqstreamError, RuntimeError):
    """The broker did not come up; the message carries the log path and its tail."""


@dataclass
class NativeKafka:
    """A running native broker. ``process`` is None when re-attached from a state file."""

    bootstrap: str
    port: int
    controller_port: int
    base_dir: Path
    pid: int
    keep_dir: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, compare=False, repr=False)

    @property
    def log_path(self) -> Path:
        return self.base_dir / "logs" / "stdout.log"

    def to_state(self) -> dict[str, Any]:
        return {
            "bootstrap": self.bootstrap,
            "port": self.port,
            "controller_port": self.controller_port,
            "base_dir": str(self.base_dir),
            "pid": self.pid,
            "keep_dir": self.keep_dir,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "NativeKafka":
        return cls(
            bootstrap=state["bootstrap"],
            port=int(state["port"]),
            controller_port=int(state["controller_port"]),
            base_dir=Path(state["base_dir"]),
            pid=int(state["pid"]),
            keep_dir=bool(state.get("keep_dir", False)),
        )

    def is_running(self) -> bool:
        return pid_alive(self.pid, self.process) and pid_matches(self.pid, str(self.base_dir))

    def stop(self) -> None:
        """SIGTERM (controlled shutdown via the broker's hook), 30 s, SIGKILL; then rm the dir."""
        if self.process is not None or pid_matches(self.pid, str(self.base_dir)):
            stop_process(
                pid=self.pid,
                process=self.process,
                steps=[(signal.SIGTERM, STOP_GRACE)],
                name="kafka broker",
            )
        if self.keep_dir:
            logger.info("kafka broker stopped; directory kept: %s", self.base_dir)
        else:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def kafka_answers(bootstrap: str, timeout: float = 2.0) -> bool:
    """True if a metadata request to ``bootstrap`` completes within ``timeout`` seconds."""
    client_config: dict[str, Any] = {"bootstrap.servers": bootstrap, "logger": logger}
    try:
        AdminClient(client_config).list_topics(timeout=timeout)
    except KafkaException:
        return False
    return True


def generate_cluster_id() -> str:
    """What ``StorageTool random-uuid`` prints: 16 random bytes, URL-safe base64, no padding."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


def _java(libs_dir: Path) -> str:
    """The java executable, after checking that the broker jars are where we expect them."""
    if not any(libs_dir.glob("kafka_2.13-*.jar")):
        raise KafkaStartError(
            f"Kafka jars missing in {libs_dir}; fetch them with: {MVN_COMMAND}"
            " (or set KAFKA_BOOTSTRAP_SERVERS to use a running broker)"
        )
    java = shutil.which("java")
    if java is None:
        raise KafkaStartError("java not found on PATH; the native broker needs Java 17+")
    return java


def java_command(
    *,
    libs_dir: Path,
    log4j_config: Path,
    logs_dir: Path,
    jvm_flags: tuple[str, ...],
    main_class: str,
    args: list[str],
) -> list[str]:
    return [
        _java(libs_dir),
        *jvm_flags,
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={log4j_config}",
        f"-Dkafka.logs.dir={logs_dir}",
        "-cp",
        f"{libs_dir}/*",  # expanded by the JVM, not a shell
        main_class,
        *args,
    ]


def start_native_kafka(
    *,
    libs_dir: Path,
    log4j_config: Path,
    pdeathsig: bool,
    keep_dir: bool = False,
    fast_jvm: bool = True,
    timeout: float = READY_TIMEOUT,
) -> NativeKafka:
    """Format a fresh KRaft log dir, start ``kafka.Kafka`` and wait until clients are served."""
    _java(libs_dir)  # fail before creating anything
    base_dir = Path(tempfile.mkdtemp(prefix="reqstream-kafka-"))
    logs_dir = base_dir / "logs"
    logs_dir.mkdir()
    port, cport = free_ports(2)
    config = base_dir / "server.properties"
    config.write_text(server_properties(port=port, cport=cport, data=base_dir / "data"))
    format_storage(
        base_dir,
        cluster_id=generate_cluster_id(),
        standalone=True,
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        fast_jvm=fast_jvm,
    )
    return _run_broker(
        base_dir,
        port,
        cport,
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        pdeathsig=pdeathsig,
        keep_dir=keep_dir,
        fast_jvm=fast_jvm,
        timeout=timeout,
    )


def format_storage(
    base_dir: Path,
    *,
    cluster_id: str,
    standalone: bool,
    libs_dir: Path,
    log4j_config: Path,
    fast_jvm: bool,
) -> None:
    """StorageTool format of ``base_dir/server.properties``'s log dir; the dir is removed when
    formatting fails (its output is in the error)."""
    speed = FAST_START_JVM_FLAGS if fast_jvm else G1_JVM_FLAGS
    # "--cluster-id=": an id may start with "-" (URL-safe base64), which argparse reads as a flag
    fmt_args = ["format", f"--cluster-id={cluster_id}", "-c", str(base_dir / "server.properties")]
    if standalone:
        fmt_args.insert(1, "--standalone")
    fmt = java_command(
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        logs_dir=base_dir / "logs",
        jvm_flags=("-Xmx256m", *speed),
        main_class="kafka.tools.StorageTool",
        args=fmt_args,
    )
    try:
        result = subprocess.run(
            fmt, cwd=base_dir, capture_output=True, text=True, timeout=FORMAT_TIMEOUT, check=False
        )
    except BaseException:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise
    if result.returncode != 0:
        shutil.rmtree(base_dir, ignore_errors=True)  # the output below says it all
        raise KafkaStartError(
            f"StorageTool format failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )


def restart_native_kafka(
    stopped: NativeKafka,
    *,
    libs_dir: Path,
    log4j_config: Path,
    pdeathsig: bool,
    fast_jvm: bool = True,
    timeout: float = READY_TIMEOUT,
) -> NativeKafka:
    """Start a broker stopped with ``keep_dir=True`` again: same directory, data and ports, so
    clients that knew it reconnect as after a broker restart in production."""
    if stopped.is_running():
        raise KafkaStartError("the broker is still running; stop it first")
    return _run_broker(
        stopped.base_dir,
        stopped.port,
        stopped.controller_port,
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        pdeathsig=pdeathsig,
        keep_dir=stopped.keep_dir,
        fast_jvm=fast_jvm,
        timeout=timeout,
    )


def _run_broker(
    base_dir: Path,
    port: int,
    cport: int,
    *,
    libs_dir: Path,
    log4j_config: Path,
    pdeathsig: bool,
    keep_dir: bool,
    fast_jvm: bool,
    timeout: float,
) -> NativeKafka:
    broker = spawn_broker(
        base_dir,
        port,
        cport,
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        pdeathsig=pdeathsig,
        keep_dir=keep_dir,
        fast_jvm=fast_jvm,
    )
    wait_broker_ready(broker, timeout)
    return broker


def spawn_broker(
    base_dir: Path,
    port: int,
    cport: int,
    *,
    libs_dir: Path,
    log4j_config: Path,
    pdeathsig: bool,
    keep_dir: bool,
    fast_jvm: bool,
) -> NativeKafka:
    """Start ``kafka.Kafka`` on a formatted dir without waiting: cluster nodes only become ready
    together, once their quorum has formed."""
    logs_dir = base_dir / "logs"
    speed = FAST_START_JVM_FLAGS if fast_jvm else G1_JVM_FLAGS
    server = java_command(
        libs_dir=libs_dir,
        log4j_config=log4j_config,
        logs_dir=logs_dir,
        jvm_flags=("-Xms256m", "-Xmx512m", *speed),
        main_class="kafka.Kafka",
        args=[str(base_dir / "server.properties")],
    )
    process = spawn(server, log_path=logs_dir / "stdout.log", cwd=base_dir, pdeathsig=pdeathsig)
    return NativeKafka(
        bootstrap=f"127.0.0.1:{port}",
        port=port,
        controller_port=cport,
        base_dir=base_dir,
        pid=process.pid,
        keep_dir=keep_dir,
        process=process,
    )


def wait_broker_ready(broker: NativeKafka, timeout: float = READY_TIMEOUT) -> None:
    """Wait until ``broker`` serves clients; on failure stop it, keeping its dir and log."""
    assert broker.process is not None, "only a broker this process spawned"
    try:
        _wait_ready(broker, broker.process, timeout)
    except BaseException:
        # Keep the directory so the log the error points at still exists.
        broker.keep_dir = True
        broker.stop()
        raise
    logger.info("kafka broker ready at %s (dir %s)", broker.bootstrap, broker.base_dir)


def _wait_ready(broker: NativeKafka, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Port first (cheap, no client noise), then a metadata round trip: open is not ready."""
    deadline = time.monotonic() + timeout
    admin: AdminClient | None = None
    while time.monotonic() < deadline:
        if (code := process.poll()) is not None:
            raise _start_error(broker, f"kafka broker exited with code {code}")
        if admin is None:
            if port_open(broker.port):
                # librdkafka's own log lines go to logging instead of raw stderr.
                client_config: dict[str, Any] = {
                    "bootstrap.servers": broker.bootstrap,
                    "logger": logger,
                }
                admin = AdminClient(client_config)
            else:
                time.sleep(POLL_INTERVAL)
            continue
        try:
            admin.list_topics(timeout=2)
        except KafkaException:
            continue
        return
    raise _start_error(broker, f"kafka broker not ready within {timeout:.0f} s")


def _start_error(broker: NativeKafka, reason: str) -> KafkaStartError:
    return KafkaStartError(
        f"{reason}; log: {broker.log_path}\n--- last lines ---\n{log_tail(broker.log_path)}"
    )
