package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.nonstiff.EulerIntegrator;
import org.junit.jupiter.api.Test;

/** Times may decrease: the solve then integrates backwards, with negative steps. */
class BackwardInTimeTest {
    private static final OdeSystem<double[]> F = Problems.forcedRotation(0.3, 2);

    private static double[] commonsMath(org.apache.commons.math3.ode.FirstOrderIntegrator integrator, double[] y1) {
        double[] y0 = new double[2];
        integrator.integrate(Problems.commonsMath(F, 2), 2, y1, 0, y0);
        return y0;
    }

    @Test
    void fixedStepMethodsRunBackwardsExactlyAsCommonsMathDoes() {
        double[] y1 = {0.4, -0.7};
        double h = 1.0 / 64;
        assertArrayEquals(commonsMath(new EulerIntegrator(h), y1),
                Odeint.solve(F, y1, new double[] {2, 0}, OdeOptions.method("euler").stepSize(-h)).last(), 0);
        assertArrayEquals(commonsMath(new ClassicalRungeKuttaIntegrator(h), y1),
                Odeint.solve(F, y1, new double[] {2, 0}, OdeOptions.method("rk4").stepSize(-h)).last(), 0);
    }

    @Test
    void dormandPrinceRunsBackwardsToTheAccuracyOfCommonsMath() {
        double[] y1 = {0.4, -0.7};
        double[] expected = commonsMath(new DormandPrince54Integrator(0, Double.POSITIVE_INFINITY, 1e-12, 1e-10), y1);
        double[] actual = Odeint.solve(F, y1, new double[] {2, 1, 0}, OdeOptions.method("dopri5").rtol(1e-10)
                .atol(1e-12)).last();
        assertTrue(Problems.relativeDistance(actual, expected) < 1e-8);
    }

    @Test
    void everyMethodReturnsNearItsStartAfterARoundTrip() {
        double[] y0 = {1, -0.5};
        for (String method : OdeMethods.names()) {
            OdeOptions forward = method.equals("dopri5") ? OdeOptions.method(method).rtol(1e-10).atol(1e-12)
                    : OdeOptions.method(method).steps(400);
            OdeOptions backward = method.equals("dopri5") ? forward : OdeOptions.method(method).stepSize(-1.0 / 200);
            double[] there = Odeint.solve(F, y0, new double[] {0, 2}, forward).last();
            double[] back = Odeint.solve(F, there, new double[] {2, 1, 0}, backward).last();
            double tolerance = OdeMethods.named(method).order() == 1 ? 5e-2 : 1e-4;
            assertTrue(Problems.relativeDistance(back, y0) < tolerance,
                    method + " came back to " + java.util.Arrays.toString(back));
        }
    }

    @Test
    void backwardsSolutionOfTheDecayEquationGrowsAsTheExponential() {
        double[] times = {3, 2, 1, 0};
        OdeSolution<double[]> solution = Odeint.solve(Problems.exponential(-0.8), new double[] {Math.exp(-2.4)},
                times, OdeOptions.method("dopri5").rtol(1e-11).atol(1e-14));
        for (int i = 0; i < times.length; i++) {
            assertTrue(Math.abs(solution.state(i)[0] - Math.exp(-0.8 * times[i])) < 1e-9, "t = " + times[i]);
        }
    }
}
