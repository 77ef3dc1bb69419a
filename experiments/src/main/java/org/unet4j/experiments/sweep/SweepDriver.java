package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runs of a sweep that are not done, on an engine: a run whose attempt fails is tried once more (resumed
 * from its checkpoints) and then recorded as failed without holding up the others; a run whose worker left is
 * submitted again without counting as an attempt.
 */
final class SweepDriver {
    /** Attempts per run and sweep invocation: the first and one retry. */
    static final int ATTEMPTS = 2;
    /** Resubmissions after workers left, per run, before it counts as failed (a cluster that keeps losing members). */
    private static final int MAX_LOST = 10;

    private final SweepPlan plan;
    private final Path folder;
    private final RunEngine engine;
    private final int threads;
    private final String device;
    private final SweepProgress progress;

    SweepDriver(SweepPlan plan, Path folder, RunEngine engine, int threads, String device, PrintStream console,
            int alreadyDone) {
        this.plan = plan;
        this.folder = folder;
        this.engine = engine;
        this.threads = threads;
        this.device = device;
        this.progress = new SweepProgress(console, plan.runs().size(), alreadyDone);
    }

    /** Runs {@code todo} to the end; returns how many failed. */
    int run(List<SweepRun> todo) throws IOException, InterruptedException {
        Deque<SweepRun> queue = new ArrayDeque<>(todo);
        BlockingQueue<RunOutcome> outcomes = new LinkedBlockingQueue<>();
        Map<SweepRun, Integer> attempts = new HashMap<>();
        Map<SweepRun, Integer> lost = new HashMap<>();
        int running = 0;
        int failed = 0;
        boolean waitingNoted = false;
        while (!queue.isEmpty() || running > 0) {
            while (!queue.isEmpty()) {
                SweepRun next = queue.peekFirst();
                CompletableFuture<RunOutcome> started = engine.tryStart(new RunTask(plan.experiment(), folder, next,
                        plan.parameters(next), threads, device));
                if (started == null) {
                    break;
                }
                queue.removeFirst();
                running++;
                progress.started();
                started.thenAccept(outcomes::add);
            }
            if (running == 0 && engine.slots() == 0 && !waitingNoted) {
                progress.note("no worker has a free slot: waiting for 'unet4j worker --join' to join");
                waitingNoted = true;
            }
            RunOutcome outcome = outcomes.poll(1, TimeUnit.SECONDS);
            if (outcome == null) {
                continue;
            }
            running--;
            progress.finished(outcome);
            SweepRun run = outcome.run();
            if (outcome.done()) {
                continue;
            }
            if (outcome.lost() && lost.merge(run, 1, Integer::sum) <= MAX_LOST) {
                progress.note(run + ": " + outcome.error() + "; submitting it again, to resume from its checkpoint");
                queue.addFirst(run);
            } else if (attempts.merge(run, 1, Integer::sum) < ATTEMPTS) {
                progress.note(run + " failed on " + outcome.host() + ": " + outcome.error() + "; retrying it once");
                queue.addLast(run);
            } else {
                progress.note(run + " failed again: " + outcome.error());
                RunMarker.writeFailed(run.directory(folder), new RunMarker.Failed(outcome.error(),
                        attempts.get(run), run.consoleLog(folder).toString()));
                progress.failed();
                failed++;
            }
        }
        return failed;
    }
}
