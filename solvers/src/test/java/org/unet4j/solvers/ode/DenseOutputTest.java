package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Dormand-Prince evaluates requested times inside its steps with its continuous extension: the outputs are as
 * accurate as the steps, and asking for more of them changes nothing about the steps taken.
 */
class DenseOutputTest {
    /** y' = lambda y + cos(omega t), y(0) = 1. */
    private static OdeSystem<double[]> forced(double lambda, double omega) {
        return (t, y) -> new double[] {lambda * y[0] + Math.cos(omega * t)};
    }

    /** The exact solution of {@link #forced}. */
    private static double exact(double lambda, double omega, double t) {
        double d = lambda * lambda + omega * omega;
        double particular = (-lambda * Math.cos(omega * t) + omega * Math.sin(omega * t)) / d;
        double c = 1 + lambda / d;
        return c * Math.exp(lambda * t) + particular;
    }

    private static double[] grid(int n, double end) {
        double[] times = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            times[i] = end * i / n;
        }
        return times;
    }

    @Property(tries = 30)
    void denseOutputsAreAsAccurateAsTheSteps(@ForAll @DoubleRange(min = -3, max = -0.1) double lambda,
            @ForAll @DoubleRange(min = 0.5, max = 6) double omega, @ForAll @IntRange(min = 5, max = 9) int digits) {
        double rtol = Math.pow(10, -digits);
        double[] times = grid(1000, 5);
        OdeSolution<double[]> solution = Odeint.solve(forced(lambda, omega), new double[] {1}, times,
                OdeOptions.method("dopri5").rtol(rtol).atol(rtol));
        assertTrue(solution.statistics().acceptedSteps() < times.length / 4, solution.statistics().toString());
        double worst = 0;
        for (int i = 0; i < times.length; i++) {
            worst = Math.max(worst, Math.abs(solution.state(i)[0] - exact(lambda, omega, times[i])));
        }
        // the controller bounds local errors by the tolerance; the global error is tolerance-proportional with a
        // problem-dependent constant, seen up to ~60 here (lambda down to -3, omega up to 6, T = 5)
        assertTrue(worst < 200 * rtol, "largest error " + worst + " at rtol = atol = " + rtol);
    }

    @Test
    void requestingMoreTimesDoesNotChangeTheSteps() {
        OdeSystem<double[]> f = forced(-0.7, 3);
        OdeOptions options = OdeOptions.method("dopri5").rtol(1e-7);
        OdeSolution<double[]> sparse = Odeint.solve(f, new double[] {1}, new double[] {0, 5}, options);
        OdeSolution<double[]> dense = Odeint.solve(f, new double[] {1}, grid(1000, 5), options);
        assertArrayEquals(sparse.last(), dense.last(), 0);
        assertTrue(sparse.statistics().equals(dense.statistics()), sparse.statistics() + " vs " + dense.statistics());
    }

    @Test
    void theContinuousExtensionIsFourthOrderInsideAStep() {
        // one step of size h from t = 0 (first step given, maxStep h, loose tolerance so it is accepted)
        double[] errors = new double[2];
        for (int i = 0; i < 2; i++) {
            double h = 0.05 / (1 << i);
            OdeSolution<double[]> s = Odeint.solve(forced(-1.3, 2), new double[] {1},
                    new double[] {0, 0.37 * h, 0.81 * h, h},
                    OdeOptions.method("dopri5").firstStep(h).maxStep(h).rtol(1).atol(1));
            errors[i] = Math.max(Math.abs(s.state(1)[0] - exact(-1.3, 2, 0.37 * h)),
                    Math.abs(s.state(2)[0] - exact(-1.3, 2, 0.81 * h)));
        }
        double ratio = errors[0] / errors[1];
        assertTrue(ratio > 24 && ratio < 40, "a local error O(h^5) falls ~32-fold when h halves, ratio " + ratio);
    }
}
