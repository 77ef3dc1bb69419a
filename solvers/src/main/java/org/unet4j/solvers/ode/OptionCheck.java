package org.unet4j.solvers.ode;

import java.util.Locale;

/** The range check of one option value, with the message format every ODE option shares. */
final class OptionCheck {
    private OptionCheck() {
    }

    /** Throws "{option} {rule}, got {value}" unless {@code ok}. */
    static void require(boolean ok, String option, double value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + rule + ", got " + format(value));
        }
    }

    /** Whole numbers without a fraction, others with six significant digits. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6g", value);
    }
}
