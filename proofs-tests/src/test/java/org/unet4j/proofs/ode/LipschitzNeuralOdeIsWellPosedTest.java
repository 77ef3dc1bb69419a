package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.unet4j.solvers.ode.HigherOrderOde;
import org.unet4j.solvers.ode.OdeMethods;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;
import org.unet4j.solvers.ode.StateSpace;

/**
 * Continuous U-Net, Theorem 1: an m-th order neural ODE whose first-order field f^(v) (Proposition 1) is Lipschitz
 * is well-posed in the sense of Hadamard: a solution exists, it is unique, and it depends continuously on the
 * initial value. The proof is Picard's theorem, and the continuity is Gronwall's bound for a field with Lipschitz
 * constant L,
 * <pre>
 *   |z(t) - w(t)| &lt;= e^(L t) |z(0) - w(0)|.
 * </pre>
 *
 * <p>Reproduction on random second-order fields x'' = A tanh(B [x, x'] + b_0 + b_1 sin t) in R^3, reduced to
 * z' = [v, A tanh(B z + b(t))] on z = [x, v] in R^6 with {@link HigherOrderOde}; tanh is 1-Lipschitz, so
 * L = 1 + |A|_F |B|_F is a Lipschitz constant of the field, uniformly in t.
 * <ul>
 * <li>Existence and uniqueness: the solutions at T = 1 from every method of the table (fixed-step methods with
 * n = 4, 8, ..., 256 steps, dopri5 with tolerances 1e-3 ... 1e-9) form a Cauchy family: the diameter of all
 * solutions at level k or finer shrinks by at least 0.75 per level (Euler, the lowest order, tends to 1/2 per
 * halving of h; coarse steps are not yet asymptotic) and ends below 1/30 of the first, and each lies
 * within that diameter of a dopri5 solution at tolerance 1e-13.</li>
 * <li>Continuous dependence: for initial values 1e-1 ... 1e-6 apart, trajectories at tolerance 1e-12 stay within
 * e^(L t) times their initial distance at every output time, and never meet.</li>
 * <li>The hypothesis matters: x' = |x|^(1/2), x(0) = 0, not Lipschitz at 0, has the two solutions x = 0 and
 * x = t^2 / 4, and its solutions from x(0) = eps &gt; 0 tend to the second as eps -&gt; 0, so no Gronwall constant
 * bounds their distance from the first.</li>
 * </ul>
 */
class LipschitzNeuralOdeIsWellPosedTest {
    private static final int D = 3;
    private static final List<String> FIXED = OdeMethods.names().stream().filter(m -> !m.equals("dopri5")).toList();

    /** x'' = A tanh(B [x, v] + b_0 + b_1 sin t) with random A (D x D), B (D x 2D), b_0, b_1. */
    private record SecondOrderField(double[][] a, double[][] b, double[] b0, double[] b1) {
        static SecondOrderField random(long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            return new SecondOrderField(matrix(rng, D, D), matrix(rng, D, 2 * D), vector(rng, D), vector(rng, D));
        }

        private static double[][] matrix(SplittableRandom rng, int rows, int cols) {
            double[][] m = new double[rows][];
            for (int i = 0; i < rows; i++) {
                m[i] = vector(rng, cols);
            }
            return m;
        }

        private static double[] vector(SplittableRandom rng, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextDouble(-1, 1);
            }
            return v;
        }

        private static double frobenius(double[][] m) {
            double sum = 0;
            for (double[] row : m) {
                for (double v : row) {
                    sum += v * v;
                }
            }
            return Math.sqrt(sum);
        }

        /** 1 + |A|_F |B|_F: |v - v'| + |A| |tanh(B z + b) - tanh(B z' + b)| &lt;= (1 + |A| |B|) |z - z'|. */
        double lipschitz() {
            return 1 + frobenius(a) * frobenius(b);
        }

        /** The first-order system on [x, v] (Proposition 1). */
        OdeSystem<List<double[]>> system() {
            return HigherOrderOde.<double[]>secondOrder((t, x, v) -> {
                double[] hidden = new double[D];
                for (int i = 0; i < D; i++) {
                    double s = b0[i] + b1[i] * Math.sin(t);
                    for (int j = 0; j < D; j++) {
                        s += b[i][j] * x[j] + b[i][D + j] * v[j];
                    }
                    hidden[i] = Math.tanh(s);
                }
                double[] acceleration = new double[D];
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        acceleration[i] += a[i][j] * hidden[j];
                    }
                }
                return acceleration;
            }).firstOrderSystem();
        }

        double[] solve(double[] z0, double[] times, OdeOptions options, int output) {
            List<double[]> start = List.of(new double[] {z0[0], z0[1], z0[2]}, new double[] {z0[3], z0[4], z0[5]});
            List<double[]> z = Odeint.solve(system(), start, times, StateSpace.listOf(StateSpace.DOUBLE_ARRAY),
                    options).state(output);
            return new double[] {z.get(0)[0], z.get(0)[1], z.get(0)[2], z.get(1)[0], z.get(1)[1], z.get(1)[2]};
        }
    }

    private static double distance(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += (p[i] - q[i]) * (p[i] - q[i]);
        }
        return Math.sqrt(sum);
    }

    private static double[] initialValue(long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] z0 = new double[2 * D];
        for (int i = 0; i < z0.length; i++) {
            z0[i] = rng.nextDouble(-1, 1);
        }
        return z0;
    }

    private static OdeOptions tight(double tolerance) {
        return OdeOptions.method("dopri5").rtol(tolerance).atol(tolerance);
    }

    @Property(tries = 10)
    void solutionsFromEverySolverFormACauchyFamilyAsTheStepShrinks(@ForAll long seed) {
        SecondOrderField field = SecondOrderField.random(seed);
        double[] z0 = initialValue(seed);
        double[] times = {0, 1};
        int levels = 7;
        List<List<double[]>> byLevel = new ArrayList<>();
        for (int k = 0; k < levels; k++) {
            List<double[]> level = new ArrayList<>();
            for (String method : FIXED) {
                level.add(field.solve(z0, times, OdeOptions.method(method).steps(4 << k), 1));
            }
            level.add(field.solve(z0, times, tight(Math.pow(10, -3 - k)), 1));
            byLevel.add(level);
        }
        double[] reference = field.solve(z0, times, tight(1e-13), 1);
        double[] tailDiameter = new double[levels];
        for (int k = levels - 1; k >= 0; k--) {
            List<double[]> tail = new ArrayList<>();
            byLevel.subList(k, levels).forEach(tail::addAll);
            double diameter = 0;
            for (double[] p : tail) {
                for (double[] q : tail) {
                    diameter = Math.max(diameter, distance(p, q));
                }
            }
            tailDiameter[k] = diameter;
            for (double[] p : byLevel.get(k)) {
                assertTrue(distance(p, reference) <= diameter + 1e-12, "level " + k + " lies within its diameter "
                        + diameter + " of the tolerance-1e-13 solution");
            }
        }
        for (int k = 0; k + 1 < levels; k++) {
            assertTrue(tailDiameter[k + 1] <= 0.75 * tailDiameter[k], "diameters " + Arrays.toString(
                    tailDiameter) + " must shrink by 0.75 per halving of h (seed " + seed + ")");
        }
        assertTrue(tailDiameter[levels - 1] < tailDiameter[0] / 30, Arrays.toString(tailDiameter));
    }

    @Property(tries = 10)
    void nearbyInitialValuesStayWithinTheGronwallBound(@ForAll long seed) {
        SecondOrderField field = SecondOrderField.random(seed);
        double lipschitz = field.lipschitz();
        double[] z0 = initialValue(seed);
        double[] direction = initialValue(seed + 1);
        double[] times = new double[21];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.1 * i;
        }
        for (double delta = 1e-1; delta >= 1e-6; delta /= 10) {
            double[] w0 = z0.clone();
            for (int i = 0; i < w0.length; i++) {
                w0[i] += delta * direction[i];
            }
            double initial = distance(z0, w0);
            for (int n = 1; n < times.length; n++) {
                double gap = distance(field.solve(z0, times, tight(1e-12), n), field.solve(w0, times, tight(1e-12), n));
                double bound = Math.exp(lipschitz * times[n]) * initial;
                assertTrue(gap <= bound * (1 + 1e-6), "t = " + times[n] + ": |z - w| = " + gap + " > e^(Lt) |z0 - w0| = "
                        + bound + " (L = " + lipschitz + ", seed " + seed + ")");
                assertTrue(gap > 0, "distinct initial values give distinct solutions at t = " + times[n]);
            }
        }
    }

    @Test
    void aFieldThatIsNotLipschitzAtZeroHasTwoSolutionsFromZero() {
        OdeSystem<double[]> root = (t, x) -> new double[] {Math.sqrt(Math.abs(x[0]))};
        double[] times = {0, 1, 2};
        for (String method : OdeMethods.names()) {
            OdeOptions options = method.equals("dopri5") ? tight(1e-12) : OdeOptions.method(method).steps(100);
            assertEquals(0, Odeint.solve(root, new double[] {0}, times, options).last()[0], method
                    + ": x = 0 is a solution from x(0) = 0");
        }
        double onParabolaAtTwo = Odeint.solve(root, new double[] {0.25}, new double[] {1, 2}, tight(1e-12)).last()[0];
        double onParabolaAtZero = Odeint.solve(root, new double[] {0.25}, new double[] {1, 0}, tight(1e-12)).last()[0];
        assertEquals(1, onParabolaAtTwo, 1e-9, "x = t^2 / 4 through (1, 1/4) reaches 1 at t = 2");
        assertEquals(0, onParabolaAtZero, 1e-6, "and 0 at t = 0: a second solution from x(0) = 0");
        double previousRate = 0;
        for (double eps = 1e-4; eps >= 1e-12; eps *= 1e-4) {
            double x = Odeint.solve(root, new double[] {eps}, times, tight(1e-12)).last()[0];
            double exact = Math.pow(Math.sqrt(eps) + 1, 2);
            assertEquals(exact, x, 1e-6, "from eps = " + eps + " the solution is (sqrt(eps) + t/2)^2");
            double rate = Math.log(x / eps) / 2;
            assertTrue(rate > previousRate + 4, "no L bounds |x_eps(2) - 0| <= e^(2L) eps: eps = " + eps
                    + " needs L >= " + rate);
            previousRate = rate;
        }
    }
}
