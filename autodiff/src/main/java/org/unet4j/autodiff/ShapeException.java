package org.unet4j.autodiff;

/** A tensor had a shape the operation cannot accept; the message names the operation, the shapes and the rule. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
