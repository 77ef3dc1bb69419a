package org.unet4j.experiments.training;

/**
 * Thrown by a training loop that stopped as {@link RunOptions#pauseAfterEpoch()} asked, after writing its
 * checkpoint; the framework catches it and reports how to continue.
 */
public final class RunPausedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;

    /** A pause after {@code epoch} completed epochs. */
    public RunPausedException(int epoch) {
        super("paused after epoch " + epoch + " as asked; continue with --resume");
        this.epoch = epoch;
    }

    /** The number of completed epochs. */
    public int epoch() {
        return epoch;
    }
}
