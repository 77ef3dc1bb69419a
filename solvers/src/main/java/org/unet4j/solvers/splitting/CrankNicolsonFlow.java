package org.unet4j.solvers.splitting;

import org.ejml.data.DMatrixRMaj;

/**
 * The Crank-Nicolson (trapezoidal) sub-step of {@code du/dt = -A u + s(t)}, second order and symmetric:
 * <pre>
 *   (I + c dt/2 A) u⁺ = (I - c dt/2 A) u + c dt/2 (s(t) + s(t + dt)),
 * </pre>
 * with c the speed-up {@code scale}. Being self-adjoint it keeps Strang splitting of second order, where backward
 * Euler sub-steps would cut it to first. Not thread-safe (it caches factorisations).
 */
public final class CrankNicolsonFlow implements SubFlow {
    private final DenseOperator operator;
    private final SourceTerm source;

    /** The sub-step for {@code du/dt = -A u + s(t)}; A is copied. */
    public CrankNicolsonFlow(DMatrixRMaj a, SourceTerm source) {
        this.operator = new DenseOperator(a);
        this.source = source;
    }

    /** The sub-step for {@code du/dt = -A u}. */
    public CrankNicolsonFlow(DMatrixRMaj a) {
        this(a, SourceTerm.none());
    }

    @Override
    public void advance(double[] u, double t, double dt, double scale) {
        operator.requireState(u);
        double half = 0.5 * scale * dt;
        double[] au = new double[u.length];
        operator.multiply(u, au);
        for (int i = 0; i < u.length; i++) {
            u[i] -= half * au[i];
        }
        source.addTo(u, t, half);
        source.addTo(u, t + dt, half);
        operator.solveShifted(half, u);
    }

    /** The flow and the size of its operator, e.g. {@code CrankNicolsonFlow[4x4]}. */
    @Override
    public String toString() {
        return "CrankNicolsonFlow[" + operator.size() + "x" + operator.size() + "]";
    }
}
