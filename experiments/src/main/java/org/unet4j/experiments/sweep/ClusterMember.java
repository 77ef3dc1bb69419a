package org.unet4j.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A Hazelcast member of a sweep cluster, embedded in this JVM: the sweep driver's ({@code sweep --cluster}) or a
 * worker's ({@code worker --join HOST[:PORT]}). Members find each other only through the addresses given (TCP/IP
 * join): multicast, cloud auto-detection and phone-home are off, and Hazelcast's own logging is limited to
 * warnings unless {@code verbose}, without those of single connections closing (a worker that leaves is reported by
 * the sweep, and a member that loses one is suspected and reported by name). Each member runs {@code slots} runs at once, each with {@code threads} CPU threads;
 * a driver with 0 slots only hands out runs (a head node that should not compute).
 *
 * @param clusterName members join only a cluster of the same name
 * @param port        the port to listen on (the next free one above it when taken)
 * @param bind        the interface address to bind to, or null for Hazelcast's choice (127.0.0.1 in tests)
 * @param join        addresses of members to join, {@code HOST} or {@code HOST:PORT}; empty to start a cluster
 * @param slots       runs this member executes at once (0: none)
 * @param threads     CPU threads of each run on this member
 * @param verbose     whether Hazelcast logs at INFO level
 */
public record ClusterMember(String clusterName, int port, String bind, List<String> join, int slots, int threads,
        boolean verbose) {
    /** The default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "unet4j-sweep";
    /** The default port (Hazelcast's). */
    public static final int DEFAULT_PORT = 5701;
    /** The executor service the runs are submitted to. */
    static final String EXECUTOR = "unet4j-runs";

    private static final String SLOTS = "unet4j.slots";
    private static final String THREADS = "unet4j.threads";
    /** Held so that the level set on it stays set (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");
    /** Reports each closed or refused connection with a stack trace, as when a worker is killed; held likewise. */
    private static final Logger CONNECTION_LOGGER = Logger.getLogger("com.hazelcast.internal.server.tcp");

    /** Copies the join list and checks the numbers. */
    public ClusterMember {
        join = List.copyOf(join);
        if (slots < 0 || threads < 1) {
            throw new IllegalArgumentException("a cluster member needs 0 or more slots and 1 or more threads, got "
                    + slots + " and " + threads);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a port (1 to 65535)");
        }
    }

    /** Starts the member and waits until it has joined (or formed) the cluster. */
    public HazelcastInstance start() {
        HAZELCAST_LOGGER.setLevel(verbose ? Level.INFO : Level.WARNING);
        CONNECTION_LOGGER.setLevel(verbose ? Level.INFO : Level.SEVERE);
        return Hazelcast.newHazelcastInstance(config());
    }

    /** The Hazelcast configuration of this member. */
    public Config config() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "20");
        // a worker started before its driver forms a cluster of its own: merge it into the driver's within seconds
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.getMetricsConfig().setEnabled(false);
        config.getJetConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        if (bind != null) {
            network.getInterfaces().setEnabled(true).addInterface(bind);
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.setProperty("hazelcast.local.localAddress", bind);
        }
        JoinConfig joining = network.getJoin();
        joining.getMulticastConfig().setEnabled(false);
        joining.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(join);
        if (members.isEmpty()) {
            members.add(bind != null ? bind : "127.0.0.1");
        }
        joining.getTcpIpConfig().setEnabled(true).setMembers(members);
        config.getMemberAttributeConfig().setAttribute(SLOTS, Integer.toString(slots));
        config.getMemberAttributeConfig().setAttribute(THREADS, Integer.toString(threads));
        config.getExecutorConfig(EXECUTOR).setPoolSize(slots + 1);
        return config;
    }

    /** The runs {@code member} executes at once (1 for a member started otherwise, e.g. by a test). */
    static int slots(Member member) {
        String slots = member.getAttribute(SLOTS);
        return slots == null ? 1 : Integer.parseInt(slots);
    }

    /** The CPU threads of a run on the member {@code instance}; 0 (the run's default) for none. */
    static int threadsPerRun(HazelcastInstance instance) {
        if (instance == null) {
            return 0;
        }
        String threads = instance.getCluster().getLocalMember().getAttribute(THREADS);
        return threads == null ? 0 : Integer.parseInt(threads);
    }
}
