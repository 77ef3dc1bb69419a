package org.unet4j.solvers.splitting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The Marchuk-Yanenko scheme: sequential splitting with backward-Euler sub-steps for
 * {@code du/dt = -(A_1 + ... + A_S) u + (s_1 + ... + s_S)(t)},
 * <pre>
 *   (u^{n+s/S} - u^{n+(s-1)/S}) / dt + A_s u^{n+s/S} = s_s(t^{n+1}),      s = 1, ..., S,
 *   i.e. u^{n+s/S} = (I + dt A_s)^-1 (u^{n+(s-1)/S} + dt s_s(t^{n+1})).
 * </pre>
 * First order in dt and unconditionally stable for positive semi-definite A_s. It is {@link LieSplitting} of
 * {@link ImplicitEulerFlow}s; each operator's source share is applied in its own sub-step.
 */
public final class MarchukYanenkoSplitting implements SplittingScheme {
    private final LieSplitting sequence;

    /** The scheme for operators {@code A_s} with source shares {@code s_s} (one per operator). */
    public MarchukYanenkoSplitting(List<DMatrixRMaj> operators, List<SourceTerm> sources) {
        SplittingArguments.requireSameCount("Marchuk-Yanenko splitting", operators.size(), sources.size());
        List<SubFlow> flows = new ArrayList<>();
        for (int s = 0; s < operators.size(); s++) {
            flows.add(new ImplicitEulerFlow(operators.get(s), sources.get(s)));
        }
        this.sequence = new LieSplitting(flows);
    }

    /** The scheme for {@code du/dt = -(A_1 + ... + A_S) u}. */
    public MarchukYanenkoSplitting(List<DMatrixRMaj> operators) {
        this(operators, Collections.nCopies(operators.size(), SourceTerm.none()));
    }

    @Override
    public void step(double[] u, double t, double dt) {
        sequence.step(u, t, dt);
    }

    /** The scheme as the Lie splitting of implicit Euler sub-steps it is. */
    @Override
    public String toString() {
        return "MarchukYanenkoSplitting[as " + sequence + "]";
    }
}
