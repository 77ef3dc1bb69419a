package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;

/**
 * The backward (implicit) Euler sub-step of {@code du/dt = -A u + s(t)}, first order:
 * <pre>
 *   (u⁺ - u) / (c dt) = -A u⁺ + s(t + dt)      i.e.      u⁺ = (I + c dt A)^-1 (u + c dt s(t + dt)),
 * </pre>
 * with c the speed-up {@code scale}. For A symmetric positive semi-definite it is unconditionally stable and
 * contractive. The source is taken at the end of the sub-step, as in the Marchuk-Yanenko and
 * Lu-Neittaanmaki-Tai schemes. Not thread-safe (it caches factorisations).
 */
public final class ImplicitEulerFlow implements SubFlow {
    private final DenseOperator operator;
    private final SourceTerm source;

    /** The sub-step for {@code du/dt = -A u + s(t)}; A is copied. */
    public ImplicitEulerFlow(DMatrixRMaj a, SourceTerm source) {
        this.operator = new DenseOperator(a);
        this.source = source;
    }

    /** The sub-step for {@code du/dt = -A u}. */
    public ImplicitEulerFlow(DMatrixRMaj a) {
        this(a, SourceTerm.none());
    }

    @Override
    public void advance(double[] u, double t, double dt, double scale) {
        operator.requireState(u);
        double h = scale * dt;
        source.addTo(u, t + dt, h);
        operator.solveShifted(h, u);
    }

    /** The flow and the size of its operator, e.g. {@code ImplicitEulerFlow[4x4]}. */
    @Override
    public String toString() {
        return "ImplicitEulerFlow[" + operator.size() + "x" + operator.size() + "]";
    }
}
