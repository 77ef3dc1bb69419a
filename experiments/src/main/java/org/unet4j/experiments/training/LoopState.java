package org.unet4j.experiments.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.unet4j.experiments.output.AtomicFiles;

/**
 * The training loop's own state at the end of an epoch, saved as JSON next to the model and optimizer checkpoint it
 * names. Writing this file is the commit point of a checkpoint: the tensors are written first, then this file
 * (atomically), so a run stopped at any moment resumes from a complete, consistent state. Random state needs no
 * saving: every epoch's shuffling and augmentation draw from a generator seeded by the run's seed and the epoch.
 *
 * @param epochsDone          completed epochs
 * @param steps               optimizer steps taken
 * @param bestScore           best value of the monitored score so far (NaN before the first validation)
 * @param bestEpoch           the epoch that reached it (0 before)
 * @param epochsSinceBest     epochs since the best, for early stopping
 * @param stoppedEarly        whether early stopping ended the run
 * @param checkpoint          the file name, in the same directory, of the model and optimizer checkpoint
 * @param history             every completed epoch
 */
public record LoopState(int epochsDone, long steps, double bestScore, int bestEpoch, int epochsSinceBest,
        boolean stoppedEarly, String checkpoint, List<EpochRecord> history) {
    /** The file name inside the checkpoint directory. */
    public static final String FILE_NAME = "state.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** Copies the history. */
    public LoopState {
        history = List.copyOf(history);
    }

    /** The state before the first epoch. */
    public static LoopState initial() {
        return new LoopState(0, 0, Double.NaN, 0, 0, false, "", new ArrayList<>());
    }

    /** Writes this state to {@code directory/state.json} atomically. */
    public void write(Path directory) throws IOException {
        AtomicFiles.writeString(directory.resolve(FILE_NAME), GSON.toJson(this) + "\n");
    }

    /** Whether {@code directory} holds a saved state. */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE_NAME));
    }

    /** Reads {@code directory/state.json}, naming the file when it is invalid. */
    public static LoopState read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        try {
            LoopState state = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), LoopState.class);
            if (state == null || state.history() == null || state.checkpoint() == null) {
                throw new IOException(file + " is not a training-loop state");
            }
            return state;
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a valid training-loop state: " + e.getMessage(), e);
        }
    }
}
