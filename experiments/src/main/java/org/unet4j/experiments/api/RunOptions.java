package org.unet4j.experiments.api;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.unet4j.autodiff.Device;

/**
 * How to run an experiment, apart from its own parameters.
 *
 * @param seed               seed of every random choice (data, initial weights, shuffling, augmentation)
 * @param outputDirectory    where the run writes its files; null for {@code runs/NAME-<timestamp>}
 * @param device             the device the experiment's models live and compute on, a name {@link Devices#byName}
 *                           accepts ({@code cpu}, {@code opencl}, {@code opencl:N}, {@code auto})
 * @param threads            threads of the CPU backend for this run alone (its own pool, see
 *                           {@code Parallel.withThreads}: a concurrent run keeps its count); 0 uses the
 *                           process-wide setting
 * @param resume             continue the run in {@code outputDirectory} from its last checkpoint
 * @param pauseAfterEpoch    stop cleanly after this many epochs (checkpointed; continue with {@code resume});
 *                           0 runs to the end
 * @param console            where progress bars and messages go
 */
public record RunOptions(long seed, Path outputDirectory, String device, int threads, boolean resume,
        int pauseAfterEpoch, PrintStream console) {
    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 7;

    /** Validates the options. */
    public RunOptions {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("the device must be named: cpu, opencl, opencl:N or auto");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 1 (or 0 to keep the current setting), got "
                    + threads);
        }
        if (pauseAfterEpoch < 0) {
            throw new IllegalArgumentException("pauseAfterEpoch must be >= 0 (0: never pause), got "
                    + pauseAfterEpoch);
        }
        if (resume && outputDirectory == null) {
            throw new IllegalArgumentException("resuming needs the directory of the run to continue (--out DIR)");
        }
    }

    /**
     * Seed 7, the default output directory, the default device ({@link Device#defaultDevice()}: the host unless
     * {@code Device.setDefault} or {@code -Dunet4j.device}/{@code UNET4J_DEVICE} chose another), the current threads,
     * printing to standard output.
     */
    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_SEED, null, Device.defaultDevice().name(), 0, false, 0, System.out);
    }

    /** These options with another seed. */
    public RunOptions withSeed(long newSeed) {
        return new RunOptions(newSeed, outputDirectory, device, threads, resume, pauseAfterEpoch, console);
    }

    /** These options writing to {@code directory}. */
    public RunOptions withOutputDirectory(Path directory) {
        return new RunOptions(seed, directory, device, threads, resume, pauseAfterEpoch, console);
    }

    /** These options on another device. */
    public RunOptions withDevice(String newDevice) {
        return new RunOptions(seed, outputDirectory, newDevice, threads, resume, pauseAfterEpoch, console);
    }

    /** These options with {@code count} backend threads. */
    public RunOptions withThreads(int count) {
        return new RunOptions(seed, outputDirectory, device, count, resume, pauseAfterEpoch, console);
    }

    /** These options continuing the run in {@code directory}. */
    public RunOptions resuming(Path directory) {
        return new RunOptions(seed, directory, device, threads, true, pauseAfterEpoch, console);
    }

    /** These options pausing after {@code epochs} epochs. */
    public RunOptions pausingAfter(int epochs) {
        return new RunOptions(seed, outputDirectory, device, threads, resume, epochs, console);
    }

    /** These options printing progress to {@code stream}. */
    public RunOptions withConsole(PrintStream stream) {
        return new RunOptions(seed, outputDirectory, device, threads, resume, pauseAfterEpoch, stream);
    }

    /** These options printing nothing to the console (the log file still gets everything). */
    public RunOptions silent() {
        return withConsole(new PrintStream(OutputStream.nullOutputStream()));
    }
}
