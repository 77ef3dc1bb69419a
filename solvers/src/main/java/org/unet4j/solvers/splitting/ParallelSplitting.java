package org.unet4j.solvers.splitting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Parallel (additive) splitting of Lu, Neittaanmäki and Tai: each of the S sub-problems starts from the same
 * state and runs S times faster, and the results are averaged,
 * <pre>
 *   u_s = F_s(dt; speed S) u^n,      s = 1, ..., S   (independent, can run in parallel),
 *   u^{n+1} = (1/S) sum_s u_s.
 * </pre>
 * With backward-Euler sub-flows ({@link #implicit}) this is the original scheme
 * <pre>
 *   u_s = (I + S dt A_s)^-1 (u^n + S dt s_s(t^{n+1})),      u^{n+1} = (1/S) sum_s u_s,
 * </pre>
 * first order in dt: {@code u^{n+1} = u^n - dt sum_s (A_s u^n - s_s) + O(dt^2)}. Sources are handled by the
 * sub-flows; since the average divides by S and each sub-flow runs S times faster, every share
 * {@code s_s} enters with weight one. The sub-problems are solved one after the other here.
 */
public final class ParallelSplitting implements SplittingScheme {
    private final List<SubFlow> flows;

    /** Parallel splitting of the given sub-flows. */
    public ParallelSplitting(List<? extends SubFlow> flows) {
        this.flows = SplittingArguments.requireNonEmpty("parallel splitting", List.copyOf(flows));
    }

    /** Parallel splitting of the given sub-flows. */
    public ParallelSplitting(SubFlow... flows) {
        this(List.of(flows));
    }

    /** The Lu-Neittaanmäki-Tai scheme with backward-Euler sub-steps for operators {@code A_s}, shares {@code s_s}. */
    public static ParallelSplitting implicit(List<DMatrixRMaj> operators, List<SourceTerm> sources) {
        SplittingArguments.requireSameCount("parallel splitting", operators.size(), sources.size());
        List<SubFlow> flows = new ArrayList<>();
        for (int s = 0; s < operators.size(); s++) {
            flows.add(new ImplicitEulerFlow(operators.get(s), sources.get(s)));
        }
        return new ParallelSplitting(flows);
    }

    /** The Lu-Neittaanmäki-Tai scheme for {@code du/dt = -(A_1 + ... + A_S) u}. */
    public static ParallelSplitting implicit(List<DMatrixRMaj> operators) {
        return implicit(operators, Collections.nCopies(operators.size(), SourceTerm.none()));
    }

    @Override
    public void step(double[] u, double t, double dt) {
        SplittingArguments.requireStep(t, dt);
        int count = flows.size();
        double[] sum = new double[u.length];
        double[] branch = new double[u.length];
        for (SubFlow flow : flows) {
            System.arraycopy(u, 0, branch, 0, u.length);
            flow.advance(branch, t, dt, count);
            for (int i = 0; i < u.length; i++) {
                sum[i] += branch[i];
            }
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = sum[i] / count;
        }
    }

    /** The scheme and its sub-flows in order, e.g. {@code ParallelSplitting[ExactLinearFlow[4x4], ...]}. */
    @Override
    public String toString() {
        return "ParallelSplitting" + flows;
    }
}
