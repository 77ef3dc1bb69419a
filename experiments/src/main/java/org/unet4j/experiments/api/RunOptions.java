package org.unet4j.experiments.api;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

import org.unet4j.autodiff.Device;

/**
 * How to run an experiment, apart from its own parameters. Built with {@link #builder()}, or from
 * {@link #defaults()} and the {@code with...} methods:
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder().seed(11).outputDirectory(Path.of("runs/a")).device("opencl").build();
 * RunOptions again = RunOptions.defaults().resuming(Path.of("runs/a"));
 * }</pre>
 *
 * A resumed run takes its seed from the run's {@code config.json}; a seed chosen here ({@link #seedChosen()}) must
 * equal the saved one, as every parameter given must.
 */
public final class RunOptions {
    /** The seed when none is given. */
    public static final long DEFAULT_SEED = 7;

    private final long seed;
    private final boolean seedChosen;
    private final Path outputDirectory;
    private final String device;
    private final int threads;
    private final boolean resume;
    private final int pauseAfterEpoch;
    private final PrintStream console;
    private final boolean detectAnomalies;

    private RunOptions(Builder b) {
        if (b.device == null || b.device.isBlank()) {
            throw new IllegalArgumentException("the device must be named: cpu, opencl, opencl:N or auto");
        }
        if (b.threads < 0) {
            throw new IllegalArgumentException("threads must be >= 1 (or 0 to keep the current setting), got "
                    + b.threads);
        }
        if (b.pauseAfterEpoch < 0) {
            throw new IllegalArgumentException("pauseAfterEpoch must be >= 0 (0: never pause), got "
                    + b.pauseAfterEpoch);
        }
        if (b.resume && b.outputDirectory == null) {
            throw new IllegalArgumentException("resuming needs the directory of the run to continue (--out DIR)");
        }
        this.seed = b.seed;
        this.seedChosen = b.seedChosen;
        this.outputDirectory = b.outputDirectory;
        this.device = b.device;
        this.threads = b.threads;
        this.resume = b.resume;
        this.pauseAfterEpoch = b.pauseAfterEpoch;
        this.console = Objects.requireNonNull(b.console, "console");
        this.detectAnomalies = b.detectAnomalies;
    }

    /**
     * A builder starting from the defaults: seed {@value #DEFAULT_SEED}, the default output directory, the default
     * device ({@link Device#defaultDevice()}: the host unless {@code Device.setDefault} or
     * {@code -Dunet4j.device}/{@code UNET4J_DEVICE} chose another), the current threads, no resuming, no pause,
     * anomaly detection off, printing to standard output.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The options {@link #builder()} starts from. */
    public static RunOptions defaults() {
        return builder().build();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.seedChosen = seedChosen;
        b.outputDirectory = outputDirectory;
        b.device = device;
        b.threads = threads;
        b.resume = resume;
        b.pauseAfterEpoch = pauseAfterEpoch;
        b.console = console;
        b.detectAnomalies = detectAnomalies;
        return b;
    }

    /** Seed of every random choice (data, initial weights, shuffling, augmentation). */
    public long seed() {
        return seed;
    }

    /** Whether the seed was chosen ({@link Builder#seed}) rather than left at {@link #DEFAULT_SEED}. */
    public boolean seedChosen() {
        return seedChosen;
    }

    /** Where the run writes its files; null for {@code runs/NAME-<timestamp>}. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    /**
     * The device the experiment's models live and compute on, a name {@link Devices#byName} accepts ({@code cpu},
     * {@code opencl}, {@code opencl:N}, {@code auto}).
     */
    public String device() {
        return device;
    }

    /**
     * Threads of the CPU backend for this run alone (its own pool, see {@code Parallel.withThreads}: a concurrent
     * run keeps its count); 0 uses the process-wide setting.
     */
    public int threads() {
        return threads;
    }

    /** Whether to continue the run in {@link #outputDirectory()} from its last checkpoint. */
    public boolean resume() {
        return resume;
    }

    /** Stop cleanly after this many epochs (checkpointed; continue with {@link #resume()}); 0 runs to the end. */
    public int pauseAfterEpoch() {
        return pauseAfterEpoch;
    }

    /** Where progress bars and messages go. */
    public PrintStream console() {
        return console;
    }

    /**
     * Whether the run turns on {@link org.unet4j.autodiff.Autograd#detectAnomalies anomaly detection}: the first op
     * that produces NaN or infinity, forward or backward, fails with its name (slower).
     */
    public boolean detectAnomalies() {
        return detectAnomalies;
    }

    /** These options with another seed (a chosen one). */
    public RunOptions withSeed(long newSeed) {
        return toBuilder().seed(newSeed).build();
    }

    /** These options writing to {@code directory}. */
    public RunOptions withOutputDirectory(Path directory) {
        return toBuilder().outputDirectory(directory).build();
    }

    /** These options on another device. */
    public RunOptions withDevice(String newDevice) {
        return toBuilder().device(newDevice).build();
    }

    /** These options with {@code count} backend threads. */
    public RunOptions withThreads(int count) {
        return toBuilder().threads(count).build();
    }

    /** These options continuing the run in {@code directory}. */
    public RunOptions resuming(Path directory) {
        return toBuilder().outputDirectory(directory).resume(true).build();
    }

    /** These options pausing after {@code epochs} epochs. */
    public RunOptions pausingAfter(int epochs) {
        return toBuilder().pauseAfterEpoch(epochs).build();
    }

    /** These options printing progress to {@code stream}. */
    public RunOptions withConsole(PrintStream stream) {
        return toBuilder().console(stream).build();
    }

    /** These options printing nothing to the console (the log file still gets everything). */
    public RunOptions silent() {
        return withConsole(new PrintStream(OutputStream.nullOutputStream()));
    }

    @Override
    public String toString() {
        return "RunOptions[seed " + seed + (seedChosen ? "" : " (default)") + ", output "
                + (outputDirectory == null ? "runs/NAME-<timestamp>" : outputDirectory) + ", device " + device
                + ", threads " + (threads == 0 ? "unchanged" : threads) + (resume ? ", resume" : "")
                + (pauseAfterEpoch > 0 ? ", pause after epoch " + pauseAfterEpoch : "")
                + (detectAnomalies ? ", anomaly detection" : "") + "]";
    }

    /** Settings of {@link RunOptions}; each starts at its default (see {@link RunOptions#builder()}). */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private boolean seedChosen;
        private Path outputDirectory;
        private String device = Device.defaultDevice().name();
        private int threads;
        private boolean resume;
        private int pauseAfterEpoch;
        private PrintStream console = System.out;
        private boolean detectAnomalies;

        private Builder() {
        }

        /** Seed of every random choice; a resumed run refuses one that differs from the saved seed. */
        public Builder seed(long value) {
            this.seed = value;
            this.seedChosen = true;
            return this;
        }

        /** Where the run writes its files; null (default) for {@code runs/NAME-<timestamp>}. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /** The device's name: {@code cpu}, {@code opencl}, {@code opencl:N} or {@code auto}. */
        public Builder device(String name) {
            this.device = name;
            return this;
        }

        /** Threads of the CPU backend for this run alone, at least 1; 0 (default) uses the process-wide setting. */
        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        /** Continue the run in the output directory from its last checkpoint (default false). */
        public Builder resume(boolean on) {
            this.resume = on;
            return this;
        }

        /** Stop cleanly after this many epochs; 0 (default) runs to the end. */
        public Builder pauseAfterEpoch(int epochs) {
            this.pauseAfterEpoch = epochs;
            return this;
        }

        /** Where progress bars and messages go (default standard output). */
        public Builder console(PrintStream stream) {
            this.console = stream;
            return this;
        }

        /** Turn anomaly detection on for the run (default off). */
        public Builder detectAnomalies(boolean on) {
            this.detectAnomalies = on;
            return this;
        }

        /** The options, validated. */
        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
