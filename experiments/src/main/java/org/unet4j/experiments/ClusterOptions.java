package org.unet4j.experiments;

import java.util.List;

import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.sweep.ClusterMember;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of a sweep cluster member, shared by {@code sweep --cluster} and {@code worker}. */
final class ClusterOptions {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ClusterMember.DEFAULT_PORT,
            description = "Port this member listens on, the next free one above when taken (default 5701).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Interface address to listen on (default: Hazelcast's choice of this machine's addresses).")
    private String bind;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = ClusterMember.DEFAULT_CLUSTER_NAME,
            description = "Members join only a cluster of the same name (default unet4j-sweep); one per sweep"
                    + " keeps two sweeps on one network apart.")
    private String clusterName;

    @Option(names = "--verbose-cluster", description = "Let Hazelcast log at INFO level (default: warnings only).")
    private boolean verbose;

    /**
     * The member these options describe, joining {@code join}, running {@code slots} runs at once (at least
     * {@code minSlots}: 0 for a sweep driver, 1 for a worker).
     */
    ClusterMember member(CommandLine command, List<String> join, int slots, int minSlots) {
        if (slots < minSlots) {
            throw new ParameterException(command, "--workers must be " + minSlots + " or more, got " + slots);
        }
        try {
            int threads = Math.max(1, Parallel.threads() / Math.max(1, slots));
            return new ClusterMember(clusterName, port, bind, join, slots, threads, verbose);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, e.getMessage());
        }
    }
}
