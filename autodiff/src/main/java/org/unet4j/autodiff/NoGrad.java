package org.unet4j.autodiff;

/**
 * A scope in which ops record nothing on the tape: {@code try (var scope = Autograd.noGrad()) { ... }}.
 * Scopes nest; closing restores the mode that was in force when the scope opened.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    NoGrad(boolean previous) {
        this.previous = previous;
    }

    @Override
    public void close() {
        Autograd.setEnabled(previous);
    }
}
