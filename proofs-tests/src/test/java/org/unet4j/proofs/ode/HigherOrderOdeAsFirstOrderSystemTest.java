package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.unet4j.solvers.ode.HigherOrderOde;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSolution;
import org.unet4j.solvers.ode.Odeint;
import org.unet4j.solvers.ode.StateSpace;

/**
 * Continuous U-Net, Proposition 1: any order-m ODE
 * <pre>
 *   x^(m)(t) = f^(a)(x, x', ..., t),   x(t_0) = X_0, ...,   x^(m-1)(t_0) = g(x(t_0), x'(t_0), ...)
 * </pre>
 * is the first-order system z' = [x_2, ..., x_m, f^(a)(x_1, ..., x_m, t)] = f^(v)(z, t) on
 * z = [x, x', ..., x^(m-1)] with z(t_0) = [x(t_0), ..., x^(m-1)(t_0)] (eqs. 4-5): the first component of the
 * system's solution is the solution of the order-m ODE, and the k-th component is its (k-1)-th derivative.
 *
 * <p>Reproductions: (1) linear ODEs of random order m = 1..4 with distinct random characteristic roots r_j and a
 * random affine g, whose exact solution is x(t) = sum_j alpha_j e^(r_j t) with alpha from the Vandermonde system
 * of the initial values; every component of the solved system matches x^(k-1)(t). (2) The nonlinear second-order
 * block of the paper, x'' = f(t, x, x') with x'(0) = g(x(0)), on R^2: the first component alone satisfies the
 * second-order equation, checked by finite differences of the dense solution.
 */
class HigherOrderOdeAsFirstOrderSystemTest {
    private static final double[] TIMES = {0, 0.5, 1, 2, 3};
    private static final OdeOptions TIGHT = OdeOptions.method("dopri5").rtol(1e-12).atol(1e-12);

    @Provide
    Arbitrary<double[]> roots() {
        return Arbitraries.integers().between(1, 4).flatMap(m -> Arbitraries.doubles().between(-2, 0.5).array(
                double[].class).ofSize(m).filter(HigherOrderOdeAsFirstOrderSystemTest::separated));
    }

    private static boolean separated(double[] roots) {
        for (int i = 0; i < roots.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(roots[i] - roots[j]) < 0.3) {
                    return false;
                }
            }
        }
        return true;
    }

    /** c_0..c_{m-1} such that x^(m) = sum_k c_k x^(k) has the roots r_j: prod_j (r - r_j) = r^m - sum_k c_k r^k. */
    private static double[] coefficients(double[] roots) {
        double[] poly = {1};
        for (double r : roots) {
            double[] next = new double[poly.length + 1];
            for (int k = 0; k < poly.length; k++) {
                next[k + 1] += poly[k];
                next[k] -= r * poly[k];
            }
            poly = next;
        }
        double[] c = new double[roots.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = -poly[k];
        }
        return c;
    }

    @Property(tries = 40)
    void theFirstOrderSystemCarriesTheSolutionAndItsDerivatives(@ForAll("roots") double[] roots,
            @ForAll @DoubleRange(min = -1, max = 1) double x0, @ForAll @DoubleRange(min = -1, max = 1) double gSlope,
            @ForAll @DoubleRange(min = -1, max = 1) double gOffset) {
        int m = roots.length;
        double[] c = coefficients(roots);
        HigherOrderOde<double[]> ode = HigherOrderOde.of(m, (t, z) -> {
            double highest = 0;
            for (int k = 0; k < m; k++) {
                highest += c[k] * z.get(k)[0];
            }
            return new double[] {highest};
        });
        List<double[]> lower = new ArrayList<>();
        for (int k = 0; k < m - 1; k++) {
            lower.add(new double[] {x0 / (k + 1)});
        }
        List<double[]> z0 = ode.initialState(lower, below -> {
            double sum = gOffset;
            for (double[] value : below) {
                sum += gSlope * value[0];
            }
            return new double[] {sum};
        });

        double[][] vandermonde = new double[m][m];
        double[] initial = new double[m];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < m; j++) {
                vandermonde[k][j] = Math.pow(roots[j], k);
            }
            initial[k] = z0.get(k)[0];
        }
        RealVector alpha = new LUDecomposition(new Array2DRowRealMatrix(vandermonde)).getSolver()
                .solve(new ArrayRealVector(initial));

        OdeSolution<List<double[]>> solution = Odeint.solve(ode.firstOrderSystem(), z0, TIMES,
                StateSpace.listOf(StateSpace.DOUBLE_ARRAY), TIGHT);
        for (int i = 0; i < TIMES.length; i++) {
            for (int k = 0; k < m; k++) {
                double exact = 0;
                for (int j = 0; j < m; j++) {
                    exact += alpha.getEntry(j) * Math.pow(roots[j], k) * Math.exp(roots[j] * TIMES[i]);
                }
                double computed = solution.state(i).get(k)[0];
                assertTrue(Math.abs(computed - exact) < 1e-8 * Math.max(1, Math.abs(exact)),
                        "x^(" + k + ")(" + TIMES[i] + "): system " + computed + ", exact " + exact);
            }
        }
    }

    @Property(tries = 20)
    void theFirstComponentSolvesTheSecondOrderBlock(@ForAll @DoubleRange(min = 0.5, max = 2) double stiffness,
            @ForAll @DoubleRange(min = 0, max = 0.5) double damping, @ForAll @DoubleRange(min = -1, max = 1) double a,
            @ForAll @DoubleRange(min = -1, max = 1) double b, @ForAll @IntRange(min = 1, max = 3) int frequency) {
        HigherOrderOde.Acceleration<double[]> f = (t, x, v) -> new double[] {
            -stiffness * Math.tanh(x[0] - x[1]) - damping * v[0] + Math.sin(frequency * t),
            stiffness * Math.tanh(x[0] - x[1]) - damping * v[1] - x[1]};
        HigherOrderOde<double[]> block = HigherOrderOde.secondOrder(f);
        List<double[]> z0 = block.initialState(List.of(new double[] {a, b}),
                lower -> new double[] {Math.tanh(lower.get(0)[1]), -Math.tanh(lower.get(0)[0])});

        double delta = 1e-3;
        double[] times = {0, 1 - delta, 1, 1 + delta, 2.5 - delta, 2.5, 2.5 + delta};
        OdeSolution<List<double[]>> solution = Odeint.solve(block.firstOrderSystem(), z0, times,
                StateSpace.listOf(StateSpace.DOUBLE_ARRAY), TIGHT);
        for (int centre : new int[] {2, 5}) {
            double[] before = solution.state(centre - 1).get(0);
            double[] x = solution.state(centre).get(0);
            double[] after = solution.state(centre + 1).get(0);
            double[] v = new double[2];
            double[] secondDifference = new double[2];
            for (int j = 0; j < 2; j++) {
                v[j] = (after[j] - before[j]) / (2 * delta);
                secondDifference[j] = (after[j] - 2 * x[j] + before[j]) / (delta * delta);
            }
            double[] acceleration = f.value(times[centre], x, v);
            for (int j = 0; j < 2; j++) {
                assertTrue(Math.abs(secondDifference[j] - acceleration[j]) < 1e-4,
                        "x''(" + times[centre] + ")[" + j + "] = " + secondDifference[j] + " but f(t, x, x') = "
                                + acceleration[j]);
            }
        }
    }
}
