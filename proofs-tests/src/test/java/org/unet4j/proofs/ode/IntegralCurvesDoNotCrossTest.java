package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.unet4j.solvers.ode.OdeMethods;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSolution;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;

/**
 * Continuous U-Net, Theorem 3 (after Coddington and Levinson, Ch. 1): integral curves of an ODE do not intersect;
 * two solutions z_1, z_2 of the same Lipschitz field with different initial values satisfy z_1(t) != z_2(t) for all
 * t. In one dimension this means solutions keep the order of their initial values.
 *
 * <p>Reproduction on random scalar fields f(t, x) = a sin x + b cos(t) tanh x + c x + d sin 2t (Lipschitz constant
 * at most |a| + |b| + |c| &lt;= 3): five trajectories from sorted, distinct initial values stay strictly sorted at
 * every output time under every method, fixed-step ones with h = 1/100 (so h L &lt;= 0.03 and each step map is
 * increasing) and dopri5 with tight tolerances. The discrete methods inherit the theorem only for small steps:
 * {@link #eulerWithHTimesLAboveOneLetsTrajectoriesCross} shows the order breaking once h L &gt; 1.
 */
class IntegralCurvesDoNotCrossTest {
    private static final double[] TIMES = new double[101];

    static {
        for (int i = 0; i < TIMES.length; i++) {
            TIMES[i] = 0.02 * i;
        }
    }

    @Provide
    Arbitrary<double[]> initialValues() {
        return Arbitraries.doubles().between(-3, 3).array(double[].class).ofSize(5);
    }

    private static OdeOptions options(String method) {
        return method.equals("dopri5") ? OdeOptions.method(method).rtol(1e-11).atol(1e-12)
                : OdeOptions.method(method).stepSize(0.01);
    }

    @Property(tries = 30)
    void solutionsFromOrderedInitialValuesStayOrdered(@ForAll @DoubleRange(min = -1, max = 1) double a,
            @ForAll @DoubleRange(min = -1, max = 1) double b, @ForAll @DoubleRange(min = -1, max = 1) double c,
            @ForAll @DoubleRange(min = -2, max = 2) double d,
            @ForAll("initialValues") double[] initial) {
        double[] sorted = initial.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] - sorted[i - 1] < 1e-3) {
                sorted[i] = sorted[i - 1] + 1e-3;
            }
        }
        OdeSystem<double[]> field = (t, x) -> new double[] {
            a * Math.sin(x[0]) + b * Math.cos(t) * Math.tanh(x[0]) + c * x[0] + d * Math.sin(2 * t)};
        for (String method : OdeMethods.names()) {
            double[][] paths = new double[sorted.length][];
            for (int i = 0; i < sorted.length; i++) {
                OdeSolution<double[]> solution = Odeint.solve(field, new double[] {sorted[i]}, TIMES, options(method));
                paths[i] = solution.states().stream().mapToDouble(x -> x[0]).toArray();
            }
            for (int n = 0; n < TIMES.length; n++) {
                for (int i = 1; i < sorted.length; i++) {
                    assertTrue(paths[i - 1][n] < paths[i][n], method + ": trajectories from " + sorted[i - 1] + " and "
                            + sorted[i] + " met or crossed at t = " + TIMES[n]);
                }
            }
        }
    }

    @Test
    void eulerWithHTimesLAboveOneLetsTrajectoriesCross() {
        // x' = -3x is 3-Lipschitz; Euler with h = 1 maps x to -2x, which reverses every pair
        OdeSystem<double[]> decay = (t, x) -> new double[] {-3 * x[0]};
        OdeOptions coarse = OdeOptions.method("euler").stepSize(1);
        double lower = Odeint.solve(decay, new double[] {0.5}, new double[] {0, 1}, coarse).last()[0];
        double upper = Odeint.solve(decay, new double[] {1.0}, new double[] {0, 1}, coarse).last()[0];
        assertTrue(lower > upper, "Euler at h L = 3 reverses the order: " + lower + " vs " + upper);
    }
}
