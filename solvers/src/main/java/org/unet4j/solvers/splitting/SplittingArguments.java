package org.unet4j.solvers.splitting;

import java.util.List;

/** Argument checks shared by the schemes, with messages that say what is wrong. */
final class SplittingArguments {
    private SplittingArguments() {
    }

    static <T> List<T> requireNonEmpty(String scheme, List<T> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(scheme + " needs at least one sub-flow");
        }
        return List.copyOf(parts);
    }

    static void requireStep(double t, double dt) {
        if (!Double.isFinite(t) || !Double.isFinite(dt) || !(dt > 0)) {
            throw new IllegalArgumentException("a step needs a finite time and a finite dt > 0, got t = " + t
                    + ", dt = " + dt);
        }
    }

    static void requireSameCount(String what, int operators, int sources) {
        if (operators != sources) {
            throw new IllegalArgumentException(what + ": " + operators + " operators but " + sources
                    + " source terms; give one source share per operator (SourceTerm.none() for none)");
        }
    }
}
