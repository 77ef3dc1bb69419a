package org.unet4j.experiments.training;

import java.nio.file.Path;

import org.unet4j.experiments.output.RunLog;

/**
 * Where and how a {@link Trainer} runs, apart from what it trains.
 *
 * @param directory       where metrics.csv and the checkpoints (in {@code checkpoints/}) go
 * @param seed            seed of the shuffling and the augmentation, combined with the epoch number
 * @param resume          continue from the checkpoint in {@code directory} when there is one
 * @param pauseAfterEpoch stop (with a {@code RunPausedException}) after this many completed epochs; 0 never
 * @param log             the run log, also the console the progress bar draws on
 */
public record TrainingSession(Path directory, long seed, boolean resume, int pauseAfterEpoch, RunLog log) {
    /** The directory of the checkpoints and the loop state. */
    public Path checkpointDirectory() {
        return directory.resolve("checkpoints");
    }
}
