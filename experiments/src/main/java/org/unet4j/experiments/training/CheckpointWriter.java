package org.unet4j.experiments.training;

import java.io.IOException;
import java.nio.file.Path;

import org.unet4j.layers.io.Checkpoint;

/**
 * How the {@link Trainer} writes a checkpoint file: {@link Checkpoint#write} (atomic) in every run; a test replaces
 * it to fail as a full disk would, part-way through a file.
 */
@FunctionalInterface
interface CheckpointWriter {
    /** The writer of every run. */
    CheckpointWriter ATOMIC = (file, checkpoint) -> checkpoint.write(file);

    /** Writes {@code checkpoint} to {@code file}, replacing it only once complete. */
    void write(Path file, Checkpoint checkpoint) throws IOException;
}
