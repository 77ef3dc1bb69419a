package org.unet4j.solvers.ode;

import java.util.OptionalInt;

/**
 * How gradients flow through a tensor solve: the {@link Gradients} mode and, for {@link Gradients#CHECKPOINTED},
 * the number k of steps between stored states. A spacing is accepted for the checkpointed mode only; the
 * checkpointed mode without one is completed by {@link OdeOptions#checkpointEvery(int)} and refused by the solve.
 */
public record GradientOptions(Gradients mode, OptionalInt checkpointEvery) {
    /** Backpropagation through the solver, the default. */
    public static final GradientOptions BACKPROP = new GradientOptions(Gradients.BACKPROP, OptionalInt.empty());

    /** Checks k &gt;= 1 and that a spacing comes only with the checkpointed mode. */
    public GradientOptions {
        if (mode == null) {
            throw new IllegalArgumentException("gradients must not be null; known modes: backprop, adjoint, "
                    + "checkpointed");
        }
        if (checkpointEvery == null) {
            throw new IllegalArgumentException("checkpointEvery must not be null; give OptionalInt.empty() for none");
        }
        if (checkpointEvery.isPresent()) {
            int k = checkpointEvery.getAsInt();
            OptionCheck.require(k >= 1, "checkpointEvery", k, "must be >= 1");
            if (mode != Gradients.CHECKPOINTED) {
                throw new IllegalArgumentException("checkpointEvery applies to gradients CHECKPOINTED only, the "
                        + "gradients are " + mode);
            }
        }
    }

    /** The checkpointed mode keeping every k-th state. */
    public static GradientOptions checkpointed(int k) {
        return new GradientOptions(Gradients.CHECKPOINTED, OptionalInt.of(k));
    }

    /** Mode {@code mode}; a spacing already given is kept when the mode stays checkpointed. */
    GradientOptions withMode(Gradients mode) {
        return new GradientOptions(mode, mode == Gradients.CHECKPOINTED ? checkpointEvery : OptionalInt.empty());
    }

    @Override
    public String toString() {
        return "gradients=" + mode + (checkpointEvery.isPresent() ? ", checkpointEvery=" + checkpointEvery.getAsInt()
                : "");
    }
}
