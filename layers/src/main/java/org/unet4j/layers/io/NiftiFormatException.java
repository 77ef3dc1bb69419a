package org.unet4j.layers.io;

import java.io.IOException;

/**
 * A file could not be read or written as NIfTI-1: it is not NIfTI-1 (NIfTI-2, ANALYZE, the two-file
 * {@code .hdr/.img} form), has a datatype or dimensionality this reader does not support, is truncated, or the data
 * to write does not fit the datatype or the header. The message names the file, the field and the rule.
 */
public class NiftiFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public NiftiFormatException(String message) {
        super(message);
    }
}
