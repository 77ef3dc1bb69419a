package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.FirstOrderIntegrator;
import org.apache.commons.math3.ode.nonstiff.AdamsBashforthIntegrator;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.nonstiff.EulerIntegrator;
import org.apache.commons.math3.ode.nonstiff.MidpointIntegrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;
import org.junit.jupiter.api.Test;

/**
 * Each method against Commons Math's integrator of the same name on shared problems. Fixed-step Runge-Kutta
 * methods form their stages in the same order as Commons Math, so on a grid of binary-exact steps the states agree
 * to the last bit. Dormand-Prince uses the same step-size controller and starting step (Hairer's), so it takes the
 * same steps, costs the same evaluations and lands on the same values, and its dense output is the same
 * continuous extension. Commons Math has no Heun method, and its two-step Adams-Moulton integrator is of order 3,
 * not our second-order ABM; those two are pinned down by {@link AmplificationFactorTest} instead.
 */
class CommonsMathAgreementTest {
    private static final double T_END = 2;
    private static final double H = 1.0 / 64;

    private static double[] commonsMath(FirstOrderIntegrator integrator, OdeSystem<double[]> f, double[] y0,
            double tEnd) {
        FirstOrderDifferentialEquations equations = Problems.commonsMath(f, y0.length);
        double[] y = new double[y0.length];
        integrator.integrate(equations, 0, y0, tEnd, y);
        return y;
    }

    private static double[] ours(String method, OdeSystem<double[]> f, double[] y0, double tEnd) {
        return Odeint.solve(f, y0, new double[] {0, tEnd}, OdeOptions.method(method).stepSize(H)).last();
    }

    @Property(tries = 30)
    void fixedStepRungeKuttaMethodsAgreeBitForBitOnLotkaVolterra(@ForAll @DoubleRange(min = 0.5, max = 2) double x0,
            @ForAll @DoubleRange(min = 0.5, max = 2) double y0,
            @ForAll @DoubleRange(min = 0.5, max = 1.5) double alpha) {
        OdeSystem<double[]> f = Problems.lotkaVolterra(alpha, 0.7, 0.4, 0.9);
        double[] start = {x0, y0};
        assertArrayEquals(commonsMath(new EulerIntegrator(H), f, start, T_END), ours("euler", f, start, T_END), 0);
        assertArrayEquals(commonsMath(new MidpointIntegrator(H), f, start, T_END), ours("midpoint", f, start, T_END),
                0);
        assertArrayEquals(commonsMath(new ClassicalRungeKuttaIntegrator(H), f, start, T_END),
                ours("rk4", f, start, T_END), 0);
    }

    @Test
    void fixedStepRungeKuttaMethodsAgreeOnAForcedRotation() {
        OdeSystem<double[]> f = Problems.forcedRotation(0.3, 2);
        double[] start = {1, -0.5};
        assertArrayEquals(commonsMath(new EulerIntegrator(H), f, start, T_END), ours("euler", f, start, T_END), 0);
        assertArrayEquals(commonsMath(new MidpointIntegrator(H), f, start, T_END), ours("midpoint", f, start, T_END),
                0);
        assertArrayEquals(commonsMath(new ClassicalRungeKuttaIntegrator(H), f, start, T_END),
                ours("rk4", f, start, T_END), 0);
    }

    /** Counts the steps Commons Math takes. */
    private static final class StepCounter implements StepHandler {
        private int steps;

        @Override
        public void init(double t0, double[] y0, double t) {
        }

        @Override
        public void handleStep(StepInterpolator interpolator, boolean isLast) {
            steps++;
        }
    }

    @Property(tries = 30)
    void dormandPrinceTakesTheSameStepsAsCommonsMath(@ForAll @DoubleRange(min = 0.5, max = 2) double x0,
            @ForAll @DoubleRange(min = 0.5, max = 2) double y0,
            @ForAll @IntRange(min = 4, max = 10) int digits) {
        OdeSystem<double[]> f = Problems.lotkaVolterra(1, 0.7, 0.4, 0.9);
        double rtol = Math.pow(10, -digits);
        double atol = rtol / 100;
        DormandPrince54Integrator reference = new DormandPrince54Integrator(0, Double.POSITIVE_INFINITY, atol, rtol);
        StepCounter counter = new StepCounter();
        reference.addStepHandler(counter);
        double[] expected = commonsMath(reference, f, new double[] {x0, y0}, 5);

        OdeSolution<double[]> solution = Odeint.solve(f, new double[] {x0, y0}, new double[] {0, 5},
                OdeOptions.method("dopri5").rtol(rtol).atol(atol));

        assertEquals(counter.steps, solution.statistics().acceptedSteps(), "accepted steps");
        assertEquals(reference.getEvaluations(), solution.statistics().functionEvaluations(), "evaluations");
        assertTrue(Problems.relativeDistance(solution.last(), expected) < 1e-12,
                () -> "dopri5 " + java.util.Arrays.toString(solution.last()) + " vs Commons Math "
                        + java.util.Arrays.toString(expected));
    }

    /** Records Commons Math's interpolated states at given times. */
    private static final class Sampler implements StepHandler {
        private final double[] times;
        private final List<double[]> states = new ArrayList<>();
        private int next;

        Sampler(double[] times) {
            this.times = times;
        }

        @Override
        public void init(double t0, double[] y0, double t) {
        }

        @Override
        public void handleStep(StepInterpolator interpolator, boolean isLast) {
            while (next < times.length && times[next] <= interpolator.getCurrentTime()) {
                interpolator.setInterpolatedTime(times[next++]);
                states.add(interpolator.getInterpolatedState().clone());
            }
        }
    }

    @Test
    void dormandPrinceDenseOutputIsCommonsMathsContinuousExtension() {
        OdeSystem<double[]> f = Problems.forcedRotation(0.3, 2);
        double[] times = new double[161];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.025 * i;
        }
        DormandPrince54Integrator reference = new DormandPrince54Integrator(0, Double.POSITIVE_INFINITY, 1e-8, 1e-6);
        Sampler sampler = new Sampler(times);
        reference.addStepHandler(sampler);
        commonsMath(reference, f, new double[] {1, -0.5}, 4);

        OdeSolution<double[]> solution = Odeint.solve(f, new double[] {1, -0.5}, times,
                OdeOptions.method("dopri5").rtol(1e-6).atol(1e-8));

        assertTrue(solution.statistics().acceptedSteps() < times.length / 2,
                "the outputs fall inside steps: " + solution.statistics());
        for (int i = 1; i < times.length; i++) {
            assertTrue(Problems.relativeDistance(solution.state(i), sampler.states.get(i)) < 1e-12,
                    "state at t = " + times[i]);
        }
    }

    /**
     * Commons Math's {@code AdamsBashforthIntegrator} with two steps, held at a fixed step, is AB2 in Nordsieck
     * form; it differs from ours only in how the first step is taken (a second-order Taylor start fitted from its
     * starter, against one RK4 step), a local difference O(h^3) carried along by the same stable recurrence. So
     * the two differ by O(h^3), far below either's O(h^2) error, and the difference falls eight-fold when h halves.
     */
    @Test
    void adamsBashforth2AgreesWithCommonsMathUpToTheStartingStep() {
        OdeSystem<double[]> f = Problems.forcedRotation(0.3, 2);
        double[] start = {1, -0.5};
        double[] exact = Odeint.solve(f, start, new double[] {0, T_END},
                OdeOptions.method("dopri5").rtol(1e-13).atol(1e-15)).last();
        double[] gaps = new double[2];
        for (int i = 0; i < 2; i++) {
            double h = H / (1 << i);
            AdamsBashforthIntegrator reference = new AdamsBashforthIntegrator(2, h, h, 1e10, 1e10);
            reference.setStarterIntegrator(new ClassicalRungeKuttaIntegrator(h));
            double[] expected = commonsMath(reference, f, start, T_END);
            double[] ab2 = Odeint.solve(f, start, new double[] {0, T_END}, OdeOptions.method("ab2").stepSize(h))
                    .last();
            gaps[i] = Problems.relativeDistance(ab2, expected);
            double error = Problems.relativeDistance(ab2, exact);
            assertTrue(gaps[i] < error / 10, "gap " + gaps[i] + " vs error " + error + " at h = " + h);
        }
        double ratio = gaps[0] / gaps[1];
        assertTrue(ratio > 6 && ratio < 10, "the gap should fall like h^3, ratio " + ratio);
    }
}
