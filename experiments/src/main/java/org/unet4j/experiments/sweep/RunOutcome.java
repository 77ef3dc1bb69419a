package org.unet4j.experiments.sweep;

import java.io.Serializable;

/**
 * How one attempt at a run ended, sent back from wherever it ran.
 *
 * @param run     the run
 * @param done    whether it finished (its completion marker is written)
 * @param lost    whether the worker running it went away (the attempt does not count against the run)
 * @param error   the failure in one line; empty when done
 * @param seconds wall-clock seconds of the attempt
 * @param host    where it ran
 */
public record RunOutcome(SweepRun run, boolean done, boolean lost, String error, double seconds, String host)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A lost attempt: the worker {@code host} left the cluster. */
    public static RunOutcome lost(SweepRun run, String host) {
        return new RunOutcome(run, false, true, "the worker " + host + " left", 0, host);
    }
}
