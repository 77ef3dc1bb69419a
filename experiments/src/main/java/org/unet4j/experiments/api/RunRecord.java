package org.unet4j.experiments.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a run left behind.
 *
 * @param directory   the output directory with config.json, metrics.csv, results.md, plots and checkpoints
 * @param results     the headline numbers the experiment reported ({@link ExperimentContext#report}), by name
 * @param pausedAfter the epoch the run paused after, or 0 when it ran to the end
 */
public record RunRecord(Path directory, Map<String, Double> results, int pausedAfter) {
    /** Copies the results. */
    public RunRecord {
        results = Map.copyOf(results);
    }

    /** Whether the run stopped early on request and can be resumed. */
    public boolean paused() {
        return pausedAfter > 0;
    }
}
