package org.unet4j.layers.zoo;

/** The argument checks the zoo's builders share. */
final class BuilderChecks {
    private BuilderChecks() {
    }

    /** {@code value}, when it is at least 1; otherwise an error naming the option. */
    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }
}
