package org.unet4j.experiments.sweep;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.unet4j.experiments.api.FailureSummary;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;

/**
 * {@code sweep --cluster}: runs go to the members of a Hazelcast cluster, the driver's own member included, each
 * member taking as many at once as it has slots. A run whose member leaves comes back as
 * {@link RunOutcome#lost lost}, and the driver submits it again; it resumes from its checkpoints, since the run
 * folders live on a file system every member shares. A member that lost a run gets no run again, even while it is
 * still listed as it leaves: a member shutting down may accept a task after its shutdown began, too late for the
 * task to see it, and the run's JVM started there would then write the run's folder alongside the resumed attempt
 * (a member that restarts joins under a new id).
 */
public final class ClusterEngine implements RunEngine {
    private final HazelcastInstance driver;
    private final boolean owned;
    private final IExecutorService executor;
    private final Map<UUID, Integer> running = new ConcurrentHashMap<>();
    private final Set<UUID> departed = ConcurrentHashMap.newKeySet();

    /**
     * An engine submitting through the member {@code driver}; {@link #close} shuts the member down when
     * {@code owned}, else leaves it running.
     */
    public ClusterEngine(HazelcastInstance driver, boolean owned) {
        this.driver = driver;
        this.owned = owned;
        this.executor = driver.getExecutorService(ClusterMember.EXECUTOR);
    }

    @Override
    public synchronized CompletableFuture<RunOutcome> tryStart(RunTask task) {
        for (Member member : driver.getCluster().getMembers()) {
            if (!departed.contains(member.getUuid())
                    && running.getOrDefault(member.getUuid(), 0) < ClusterMember.slots(member)) {
                running.merge(member.getUuid(), 1, Integer::sum);
                CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
                String host = member.getAddress().toString();
                executor.submitToMember(task, member, new ExecutionCallback<RunOutcome>() {
                    @Override
                    public void onResponse(RunOutcome response) {
                        if (response.lost()) {
                            departed.add(member.getUuid());
                        }
                        release(member);
                        outcome.complete(response);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        boolean lost = gone(t);
                        if (lost) {
                            departed.add(member.getUuid());
                        }
                        release(member);
                        outcome.complete(lost ? RunOutcome.lost(task.run(), host)
                                : new RunOutcome(task.run(), false, false, FailureSummary.of(t), 0, host));
                    }
                });
                return outcome;
            }
        }
        return null;
    }

    private synchronized void release(Member member) {
        running.computeIfPresent(member.getUuid(), (k, n) -> n > 1 ? n - 1 : null);
    }

    private static boolean gone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException
                    || c instanceof HazelcastInstanceNotActiveException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int slots() {
        return driver.getCluster().getMembers().stream().mapToInt(ClusterMember::slots).sum();
    }

    @Override
    public void close() {
        if (owned) {
            driver.shutdown();
        }
    }

    @Override
    public String toString() {
        return "a cluster of " + driver.getCluster().getMembers().size() + " member(s), " + slots() + " slot(s)";
    }
}
