package org.unet4j.experiments;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.unet4j.experiments.sweep.ClusterMember;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j worker --join HOST[:PORT]}: joins the Hazelcast cluster of a {@code sweep --cluster} driver and runs
 * the runs it is given, each in its own JVM, until stopped (Ctrl-C, {@code kill}, the end of a Slurm job). A run
 * it was executing when it stops is submitted again by the driver and resumed from its checkpoints.
 */
@Command(name = "worker", sortOptions = false,
        description = "Join a sweep cluster ('sweep --cluster' on HOST) and run its runs until stopped. The sweep's"
                + " --out folder must be visible here at the same path (a shared file system).")
public final class WorkerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--join", paramLabel = "HOST[:PORT]", required = true, split = ",",
            description = "The driver's address (port default 5701); several, comma-separated, to join any of them.")
    private List<String> join;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Runs at once on this machine, --threads divided between them (default 1).")
    private int workers;

    @Mixin
    private ClusterOptions cluster;

    @Override
    public Integer call() throws InterruptedException {
        ClusterMember member = cluster.member(spec.commandLine(), join, workers, 1);
        HazelcastInstance instance = member.start();
        CountDownLatch stopped = new CountDownLatch(1);
        instance.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        System.out.println("unet4j worker: joined " + instance.getCluster().getMembers().size() + "-member cluster '"
                + member.clusterName() + "' as " + instance.getCluster().getLocalMember().getAddress() + ", "
                + member.slots() + " run(s) at once with " + member.threads() + " thread(s) each; stop with Ctrl-C");
        stopped.await();
        return 0;
    }
}
