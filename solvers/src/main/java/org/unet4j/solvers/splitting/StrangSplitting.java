package org.unet4j.solvers.splitting;

import java.util.List;

/**
 * Strang (symmetric) splitting: half steps of {@code F_1, ..., F_{S-1}}, a full step of {@code F_S}, then the
 * half steps again in reverse order,
 * <pre>
 *   u^{n+1} = F_1(dt/2) o ... o F_{S-1}(dt/2) o F_S(dt) o F_{S-1}(dt/2) o ... o F_1(dt/2) u^n,
 * </pre>
 * the first sweep of half steps over {@code [t^n, t^n + dt/2]}, {@code F_S} over {@code [t^n, t^n + dt]} and the
 * second sweep over {@code [t^n + dt/2, t^n + dt]}. The composition is symmetric, so it is of second order when
 * the sub-flows are symmetric methods of order at least two (exact flows, {@link CrankNicolsonFlow}); with
 * first-order sub-flows such as backward Euler it is only first order. For S = 1 it is {@code F_1(dt)}.
 */
public final class StrangSplitting implements SplittingScheme {
    private final List<SubFlow> flows;

    /** Strang splitting of the given sub-flows; the last one takes the full step. */
    public StrangSplitting(List<? extends SubFlow> flows) {
        this.flows = SplittingArguments.requireNonEmpty("Strang splitting", List.copyOf(flows));
    }

    /** Strang splitting of the given sub-flows; the last one takes the full step. */
    public StrangSplitting(SubFlow... flows) {
        this(List.of(flows));
    }

    @Override
    public void step(double[] u, double t, double dt) {
        SplittingArguments.requireStep(t, dt);
        int last = flows.size() - 1;
        double half = 0.5 * dt;
        for (int s = 0; s < last; s++) {
            flows.get(s).advance(u, t, half);
        }
        flows.get(last).advance(u, t, dt);
        for (int s = last - 1; s >= 0; s--) {
            flows.get(s).advance(u, t + half, half);
        }
    }

    /** The scheme and its sub-flows in order, e.g. {@code StrangSplitting[ExactLinearFlow[4x4], ...]}. */
    @Override
    public String toString() {
        return "StrangSplitting" + flows;
    }
}
