package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.unet4j.experiments.output.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The state a sweep keeps in a run folder: {@code sweep-done.json}, written atomically by the process that ran
 * the run once it finished (the completion marker: its presence alone means done), or {@code sweep-failed.json},
 * written by the driver when a run failed on its last attempt.
 */
public final class RunMarker {
    /** The completion marker. */
    public static final String DONE_FILE = "sweep-done.json";
    /** The failure record. */
    public static final String FAILED_FILE = "sweep-failed.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private RunMarker() {
    }

    /**
     * A finished run.
     *
     * @param results the run's headline numbers ({@code ExperimentContext.report})
     * @param seconds wall-clock seconds of the attempt that finished it
     * @param host    the machine it finished on
     */
    public record Done(Map<String, Double> results, double seconds, String host) {
        /** Copies the results, keeping their order. */
        public Done {
            results = new LinkedHashMap<>(results);
        }
    }

    /**
     * A run that failed on its last attempt.
     *
     * @param error    the failure in one line
     * @param attempts the attempts made in the sweep invocation that gave up
     * @param log      the console log holding the details
     */
    public record Failed(String error, int attempts, String log) {
    }

    /** Marks {@code run} done and removes a failure record left by an earlier attempt. */
    public static void writeDone(Path run, Done done) throws IOException {
        AtomicFiles.writeString(run.resolve(DONE_FILE), GSON.toJson(done) + "\n");
        Files.deleteIfExists(run.resolve(FAILED_FILE));
    }

    /** Records a failure of {@code run}. */
    public static void writeFailed(Path run, Failed failed) throws IOException {
        Files.createDirectories(run);
        AtomicFiles.writeString(run.resolve(FAILED_FILE), GSON.toJson(failed) + "\n");
    }

    /** Whether {@code run} is marked done. */
    public static boolean isDone(Path run) {
        return Files.isRegularFile(run.resolve(DONE_FILE));
    }

    /** The completion marker of {@code run}; the run must be {@link #isDone done}. */
    public static Done readDone(Path run) throws IOException {
        return read(run.resolve(DONE_FILE), Done.class);
    }

    /** The failure record of {@code run}, or null when there is none. */
    public static Failed readFailed(Path run) throws IOException {
        Path file = run.resolve(FAILED_FILE);
        return Files.exists(file) ? read(file, Failed.class) : null;
    }

    private static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
