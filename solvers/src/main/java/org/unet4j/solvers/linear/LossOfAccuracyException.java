package org.unet4j.solvers.linear;

/**
 * A solve finished, but its result cannot be shown to meet its tolerance in floating point: the residual
 * {@code b - A x}, or the rounding in evaluating it, exceeds the tolerance, or a factorisation of a matrix known to
 * be symmetric positive definite met a non-positive pivot. The cause is the scale of the matrix against its
 * smallest eigenvalue (its condition number), not the solver; the message says what to change in the input.
 */
public final class LossOfAccuracyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public LossOfAccuracyException(String message) {
        super(message);
    }

    public LossOfAccuracyException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
