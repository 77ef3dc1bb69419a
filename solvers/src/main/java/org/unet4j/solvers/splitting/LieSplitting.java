package org.unet4j.solvers.splitting;

import java.util.List;

/**
 * Lie (sequential) splitting: the sub-flows {@code F_1, ..., F_S} each advance the state over the whole step,
 * one after the other,
 * <pre>
 *   u^{n+1} = F_S(dt) o ... o F_2(dt) o F_1(dt) u^n,       every F_s over [t^n, t^n + dt].
 * </pre>
 * First order in dt; with exact sub-flows the one-step error is {@code dt^2/2 sum_{r<s} [f_s, f_r]} (Lie
 * brackets of the sub-flows' vector fields), so it is exact when the fields commute, e.g.
 * {@code -A_r u + s_r} and {@code -A_s u + s_s} with {@code A_r A_s = A_s A_r} and
 * {@code A_r s_s = A_s s_r}. With backward-Euler sub-flows it is the Marchuk-Yanenko scheme
 * ({@link MarchukYanenkoSplitting}).
 */
public final class LieSplitting implements SplittingScheme {
    private final List<SubFlow> flows;

    /** Lie splitting of the given sub-flows, applied in list order. */
    public LieSplitting(List<? extends SubFlow> flows) {
        this.flows = SplittingArguments.requireNonEmpty("Lie splitting", List.copyOf(flows));
    }

    /** Lie splitting of the given sub-flows, applied in argument order. */
    public LieSplitting(SubFlow... flows) {
        this(List.of(flows));
    }

    @Override
    public void step(double[] u, double t, double dt) {
        SplittingArguments.requireStep(t, dt);
        for (SubFlow flow : flows) {
            flow.advance(u, t, dt);
        }
    }

    /** The scheme and its sub-flows in order, e.g. {@code LieSplitting[ExactLinearFlow[4x4], ...]}. */
    @Override
    public String toString() {
        return "LieSplitting" + flows;
    }
}
