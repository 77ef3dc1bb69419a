package org.unet4j.solvers.linear;

/**
 * A solver met evidence that its matrix is not symmetric positive definite: a non-positive pivot in a Cholesky
 * factorisation, or a search direction with {@code p^T A p <= 0} in conjugate gradient.
 */
public final class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public NotPositiveDefiniteException(String message) {
        super(message);
    }
}
