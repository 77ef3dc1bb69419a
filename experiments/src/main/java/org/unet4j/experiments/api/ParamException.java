package org.unet4j.experiments.api;

/** A parameter that is unknown, missing or out of its domain; the message names it and what is accepted. */
public final class ParamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the parameter and the valid values. */
    public ParamException(String message) {
        super(message);
    }
}
