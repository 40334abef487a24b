"""A native KRaft cluster of N nodes from the same Maven jars as the single broker.

Every node is ``broker,controller`` (combined mode): N voters make the controller quorum, so a
three-node cluster keeps a quorum and two in-sync replicas while any one node is down, the
active controller included. Separate controllers would double the JVMs (three controllers for
the same tolerance) on machines where the whole stack shares two cores; combined mode is what
Kafka documents for small clusters like this one.
"""

import json
import logging
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.infra.kafka_native import (
    READY_TIMEOUT,
    NativeKafka,
    format_storage,
    generate_cluster_id,
    restart_native_kafka,
    server_properties,
    spawn_broker,
    wait_broker_ready,
)
from services.infra.process import free_ports

logger = logging.getLogger(__name__)

# KRaft's persisted election state, rewritten by every voter on each election
QUORUM_STATE_FILE = Path("data") / "__cluster_metadata-0" / "quorum-state"


@dataclass(frozen=True)
class QuorumState:
    """What one voter last persisted: the leader it knows of (-1: none) and that epoch."""

    leader_id: int
    leader_epoch: int


def parse_quorum_state(text: str) -> QuorumState:
    document = json.loads(text)
    return QuorumState(int(document.get("leaderId", -1)), int(document.get("leaderEpoch", -1)))


def active_controller(states: dict[int, QuorumState]) -> int | None:
    """The node id of the quorum leader: the leader named in the newest epoch any voter knows."""
    known = [s for s in states.values() if s.leader_id >= 0]
    if not known:
        return None
    return max(known, key=lambda s: s.leader_epoch).leader_id


def quorum_voters(controller_ports: list[int]) -> str:
    """``controller.quorum.voters``: node ids 1..N at their controller ports."""
    return ",".join(f"{n}@127.0.0.1:{p}" for n, p in enumerate(controller_ports, start=1))


@dataclass
class NativeKafkaCluster:
    """N running nodes; node ``k`` (1-based id) is ``nodes[k - 1]``."""

    nodes: list[NativeKafka]
    keep_dir: bool = False
    libs_dir: Path | None = field(default=None, compare=False)
    log4j_config: Path | None = field(default=None, compare=False)

    @property
    def bootstrap(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

    @property
    def node_ids(self) -> list[int]:
        return list(range(1, len(self.nodes) + 1))

    def node(self, node_id: int) -> NativeKafka:
        return self.nodes[node_id - 1]

    def to_state(self) -> dict[str, Any]:
        return {"nodes": [node.to_state() for node in self.nodes], "keep_dir": self.keep_dir}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "NativeKafkaCluster":
        nodes = [NativeKafka.from_state(node) for node in state["nodes"]]
        return cls(nodes, keep_dir=bool(state.get("keep_dir", False)))

    def is_running(self) -> bool:
        return all(node.is_running() for node in self.nodes)

    def stop(self) -> None:
        """All nodes at once: a node stopped last, alone, waits in vain for a quorum to
        acknowledge its controlled shutdown until the SIGKILL fallback."""
        for node in self.nodes:
            node.keep_dir = self.keep_dir
        stoppers = [threading.Thread(target=node.stop) for node in self.nodes]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()

    def active_controller(self) -> int | None:
        """The quorum leader's node id, read from the voters' quorum-state files."""
        states: dict[int, QuorumState] = {}
        for node_id in self.node_ids:
            path = self.node(node_id).base_dir / QUORUM_STATE_FILE
            try:
                states[node_id] = parse_quorum_state(path.read_text())
            except (OSError, ValueError):
                continue  # being rewritten, or the node never got that far
        return active_controller(states)

    def kill(self, node_id: int) -> None:
        """SIGKILL one node, no controlled shutdown; its directory stays for ``restart``."""
        node = self.node(node_id)
        node.keep_dir = True
        if node.process is not None:
            node.process.send_signal(signal.SIGKILL)
            node.process.wait()

    def restart(self, node_id: int, *, pdeathsig: bool = True) -> None:
        """Start a killed node again on its directory and ports; returns once it serves."""
        assert self.libs_dir is not None and self.log4j_config is not None
        self.nodes[node_id - 1] = restart_native_kafka(
            self.node(node_id),
            libs_dir=self.libs_dir,
            log4j_config=self.log4j_config,
            pdeathsig=pdeathsig,
        )


def start_native_cluster(
    *,
    brokers: int,
    libs_dir: Path,
    log4j_config: Path,
    pdeathsig: bool,
    keep_dir: bool = False,
    timeout: float = READY_TIMEOUT,
) -> NativeKafkaCluster:
    """Format ``brokers`` node dirs with one cluster id and static voters, start every node, and
    wait until each serves clients (none can before the quorum has formed)."""
    ports = free_ports(2 * brokers)
    client_ports, controller_ports = ports[:brokers], ports[brokers:]
    voters = quorum_voters(controller_ports)
    cluster_id = generate_cluster_id()
    cluster = NativeKafkaCluster([], keep_dir, libs_dir, log4j_config)
    base_dirs: list[Path] = []
    try:
        for node_id, (port, cport) in enumerate(
            zip(client_ports, controller_ports, strict=True), start=1
        ):
            base_dir = Path(tempfile.mkdtemp(prefix=f"reqstream-kafka-{node_id}-"))
            (base_dir / "logs").mkdir()
            (base_dir / "server.properties").write_text(
                server_properties(
                    port=port, cport=cport, data=base_dir / "data", node_id=node_id, quorum=voters
                )
            )
            format_storage(
                base_dir,
                cluster_id=cluster_id,
                standalone=False,
                libs_dir=libs_dir,
                log4j_config=log4j_config,
                fast_jvm=True,
            )
            base_dirs.append(base_dir)
        for base_dir, port, cport in zip(base_dirs, client_ports, controller_ports, strict=True):
            cluster.nodes.append(
                spawn_broker(
                    base_dir,
                    port,
                    cport,
                    libs_dir=libs_dir,
                    log4j_config=log4j_config,
                    pdeathsig=pdeathsig,
                    keep_dir=keep_dir,
                    fast_jvm=True,
                )
            )
        for node in cluster.nodes:
            wait_broker_ready(node, timeout)
    except BaseException:
        cluster.stop()
        if not keep_dir:
            for base_dir in base_dirs:
                shutil.rmtree(base_dir, ignore_errors=True)
        raise
    logger.info("kafka cluster of %d nodes ready at %s", brokers, cluster.bootstrap)
    return cluster
