package org.unet4j.experiments.api;

import java.nio.file.Path;

/**
 * An experiment that failed after its run had started (output directory created, {@code run.log} open). The message
 * is one line naming the cause; the stack trace is in {@link #logFile()}, and {@link #getCause()} is the original
 * failure.
 */
public final class ExperimentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String experiment;
    private final transient Path logFile;

    /** The failure of {@code experiment}, logged with its trace to {@code logFile}. */
    public ExperimentFailedException(String experiment, Path logFile, String summary, Throwable cause) {
        super(experiment + " failed: " + summary, cause);
        this.experiment = experiment;
        this.logFile = logFile;
    }

    /** The experiment's name. */
    public String experiment() {
        return experiment;
    }

    /** The run's log, which holds the stack trace. */
    public Path logFile() {
        return logFile;
    }
}
