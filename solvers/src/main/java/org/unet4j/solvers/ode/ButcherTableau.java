package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * The coefficients of an explicit Runge-Kutta method with s stages,
 * <pre>
 *   k_i     = f(t + c_i h, y + h sum_{j &lt; i} a_ij k_j),   i = 1..s,
 *   y(t+h)  = y + h sum_i b_i k_i,
 * </pre>
 * with, for embedded pairs, the weights e = b - b^ of the local error estimate h sum_i e_i k_i, and, for methods
 * with a continuous extension, weights b_i(theta) giving y(t + theta h) = y + h sum_i b_i(theta) k_i.
 *
 * <p>When the last stage is evaluated at the new state (c_s = 1 and a_s = b: "first same as last"), the new state
 * is that stage's argument and k_s is f at the new state, which the next step reuses as its k_1.
 *
 * <p>Public for reading ({@link OdeMethod#tableau()}): the coefficients are returned as copies.
 */
public final class ButcherTableau {
    private static final double ROUNDING = 1e-14;

    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] error;
    private final DoubleFunction<double[]> dense;
    private final boolean firstSameAsLast;

    /** A tableau without error estimate or continuous extension. */
    ButcherTableau(double[] c, double[][] a, double[] b) {
        this(c, a, b, null, null);
    }

    /**
     * A tableau; {@code a[i]} holds the i coefficients of stage i (so {@code a[0]} is empty), {@code error} the
     * weights e = b - b^ or null, {@code dense} the weights b(theta) or null.
     */
    ButcherTableau(double[] c, double[][] a, double[] b, double[] error, DoubleFunction<double[]> dense) {
        int s = b.length;
        if (c.length != s || a.length != s || c[0] != 0 || (error != null && error.length != s)) {
            throw new IllegalArgumentException("a tableau with " + s + " weights b needs " + s + " nodes c (c_1 = 0), "
                    + s + " rows a and, if any, " + s + " error weights");
        }
        for (int i = 0; i < s; i++) {
            if (a[i].length != i || Math.abs(sum(a[i]) - c[i]) > ROUNDING) {
                throw new IllegalArgumentException("row " + i + " of the tableau must hold " + i
                        + " coefficients summing to c_" + i + " = " + c[i]);
            }
        }
        if (Math.abs(sum(b) - 1) > ROUNDING || (error != null && Math.abs(sum(error)) > ROUNDING)) {
            throw new IllegalArgumentException("the weights b must sum to 1 and the error weights to 0");
        }
        this.c = c;
        this.a = a;
        this.b = b;
        this.error = error;
        this.dense = dense;
        boolean fsal = c[s - 1] == 1 && b[s - 1] == 0;
        for (int j = 0; fsal && j < s - 1; j++) {
            fsal = a[s - 1][j] == b[j];
        }
        this.firstSameAsLast = fsal;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    /** Number of stages s. */
    public int stages() {
        return b.length;
    }

    /** The nodes c_1..c_s. */
    public double[] c() {
        return c.clone();
    }

    /** The coefficients a_i1..a_i,i-1 of stage i (counted from 0; row 0 is empty). */
    public double[] a(int i) {
        return a[i].clone();
    }

    /** The weights b of the propagated solution. */
    public double[] b() {
        return b.clone();
    }

    /** The weights b^ = b - e of the embedded solution; empty for a method without an error estimate. */
    public Optional<double[]> embeddedWeights() {
        if (error == null) {
            return Optional.empty();
        }
        double[] embedded = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            embedded[i] = b[i] - error[i];
        }
        return Optional.of(embedded);
    }

    /** The error weights e = b - b^ (null for a method without an embedded estimate). */
    double[] errorWeights() {
        return error;
    }

    /** Whether the last stage is f at the new state, reusable as the next step's first stage. */
    boolean firstSameAsLast() {
        return firstSameAsLast;
    }

    /**
     * One step from (t, y) by h. {@code firstSlope} is f(t, y) when the caller already has it (the last stage of
     * a first-same-as-last previous step), else null and it is evaluated.
     */
    <S> RungeKuttaStep<S> step(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S firstSlope) {
        int s = stages();
        List<S> k = new ArrayList<>(s);
        k.add(firstSlope != null ? firstSlope : f.derivative(t, y));
        S stageState = y;
        for (int i = 1; i < s; i++) {
            stageState = space.addScaled(y, h, a[i], k);
            k.add(f.derivative(t + c[i] * h, stageState));
        }
        S end = firstSameAsLast ? stageState : space.addScaled(y, h, b, k);
        return new RungeKuttaStep<>(this, t, h, y, end, k);
    }

    /** y(t + theta h) = y + h sum_i b_i(theta) k_i from the step's slopes. */
    <S> S interpolate(RungeKuttaStep<S> step, StateSpace<S> space, double theta) {
        if (theta == 1) {
            return step.end();
        }
        if (dense == null) {
            throw new IllegalStateException("this method has no continuous extension; its states are defined at the "
                    + "ends of its steps only");
        }
        return space.addScaled(step.start(), step.h(), dense.apply(theta), step.slopes());
    }
}
