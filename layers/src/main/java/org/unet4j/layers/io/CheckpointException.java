package org.unet4j.layers.io;

import java.io.IOException;

/**
 * A checkpoint could not be used: the file is not a checkpoint, is truncated or corrupt, has an unknown format
 * version, or holds state that does not fit the module or optimizer. The message names the file.
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public CheckpointException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
