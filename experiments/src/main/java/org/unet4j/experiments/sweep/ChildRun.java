package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.FailureSummary;
import org.unet4j.experiments.api.OutOfMemoryAdvice;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.RunConfig;

/**
 * The JVM of one sweep run, started by {@link RunTask}: runs the experiment into the run folder as
 * {@code ./unet4j run} would (resuming it from its checkpoints when its {@code config.json} is there), then writes
 * the completion marker. A folder without {@code config.json} holds only the remains of a start that never got
 * going, and is emptied first. Ends itself at once when the JVM that started it dies.
 *
 * <p>Arguments: parent pid, experiment, run folder, seed, threads, device, then {@code name=value} per parameter.
 */
public final class ChildRun {
    /** Starts the last line of output of a failed run; {@link RunTask} reports what follows it. */
    static final String FAILURE_PREFIX = "unet4j sweep run failed: ";

    private ChildRun() {
    }

    /** Runs one sweep run; exits 0 when it is done, 1 when it failed. */
    public static void main(String[] args) {
        ProcessHandle.of(Long.parseLong(args[0])).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                () -> Runtime.getRuntime().halt(3));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 6; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            parameters.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int status = 0;
        try {
            run(args[1], Path.of(args[2]), Long.parseLong(args[3]), Integer.parseInt(args[4]), args[5], parameters);
        } catch (OutOfMemoryError e) {
            System.out.println(FAILURE_PREFIX + OutOfMemoryAdvice.explain(e));
            status = 1;
        } catch (Exception e) {
            System.out.println(FAILURE_PREFIX + FailureSummary.of(e));
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** Runs (or resumes) {@code experiment} into {@code directory} and marks it done. */
    static void run(String experiment, Path directory, long seed, int threads, String device,
            Map<String, String> parameters) throws IOException {
        boolean resume = Files.isRegularFile(directory.resolve(RunConfig.FILE_NAME));
        if (!resume) {
            empty(directory);
        }
        RunOptions options = RunOptions.builder().seed(seed).outputDirectory(directory).resume(resume)
                .threads(threads).device(device).build();
        long start = System.nanoTime();
        RunRecord record = Experiments.run(Experiments.find(experiment), parameters, options);
        if (record.paused()) {
            throw new IllegalStateException("the run paused after epoch " + record.pausedAfter()
                    + " instead of finishing");
        }
        RunMarker.writeDone(directory, new RunMarker.Done(record.results(), (System.nanoTime() - start) / 1e9,
                InetAddress.getLocalHost().getHostName()));
    }

    private static void empty(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(directory)) {
                    Files.delete(p);
                }
            }
        }
    }
}
