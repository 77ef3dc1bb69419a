package org.unet4j.solvers.splitting;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The hybrid splitting of Tai, Liu and Chan (PottsMGNet, Algorithm 1; the scheme behind "A mathematical
 * explanation of UNet"): the operators are arranged in K groups, parallel splitting inside a group and sequential
 * splitting between groups. For {@code du/dt = -sum_k sum_{s=1..S_k} A_{k,s} u + sum_k sum_s f_{k,s}(t)}, with
 * backward-Euler sub-flows ({@link #implicit}):
 * <pre>
 *   for k = 1, ..., K:
 *     u_{k,s} = (I + S_k dt A_{k,s})^-1 (u^{n+(k-1)/K} + S_k dt f_{k,s}(t^{n+1})),   s = 1, ..., S_k,
 *     u^{n+k/K} = (1/S_k) sum_s u_{k,s}.
 * </pre>
 * Theorem D.1 of PottsMGNet (Theorem 1 of Tai et al.): for Lipschitz, linear, symmetric positive definite
 * operators and Lipschitz forcings the scheme converges with first order in dt. One group is
 * {@link ParallelSplitting}; groups of one operator each give {@link MarchukYanenkoSplitting}.
 */
public final class HybridSplitting implements SplittingScheme {
    private final List<ParallelSplitting> groups;

    /** Hybrid splitting of groups of sub-flows: parallel within each group, groups in list order. */
    public HybridSplitting(List<? extends List<? extends SubFlow>> groups) {
        SplittingArguments.requireNonEmpty("hybrid splitting", List.copyOf(groups));
        List<ParallelSplitting> parallel = new ArrayList<>();
        for (int k = 0; k < groups.size(); k++) {
            if (groups.get(k).isEmpty()) {
                throw new IllegalArgumentException("group " + k + " of the hybrid splitting has no sub-flow");
            }
            parallel.add(new ParallelSplitting(groups.get(k)));
        }
        this.groups = List.copyOf(parallel);
    }

    /** The scheme with backward-Euler sub-steps for operators {@code A_{k,s}} and forcings {@code f_{k,s}}. */
    public static HybridSplitting implicit(List<List<DMatrixRMaj>> operators, List<List<SourceTerm>> sources) {
        SplittingArguments.requireSameCount("hybrid splitting (groups)", operators.size(), sources.size());
        List<List<SubFlow>> groups = new ArrayList<>();
        for (int k = 0; k < operators.size(); k++) {
            SplittingArguments.requireSameCount("hybrid splitting, group " + k, operators.get(k).size(),
                    sources.get(k).size());
            List<SubFlow> group = new ArrayList<>();
            for (int s = 0; s < operators.get(k).size(); s++) {
                group.add(new ImplicitEulerFlow(operators.get(k).get(s), sources.get(k).get(s)));
            }
            groups.add(group);
        }
        return new HybridSplitting(groups);
    }

    @Override
    public void step(double[] u, double t, double dt) {
        for (ParallelSplitting group : groups) {
            group.step(u, t, dt);
        }
    }

    /** The scheme and its groups (each a parallel splitting), in order. */
    @Override
    public String toString() {
        return "HybridSplitting" + groups;
    }
}
