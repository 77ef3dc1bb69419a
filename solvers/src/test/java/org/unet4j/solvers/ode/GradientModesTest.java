package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;

/**
 * Gradients through a solve in the three modes, float64, on {@link TanhField}.
 *
 * <p>BACKPROP differentiates the discrete solve exactly. ADJOINT integrates the continuous adjoint equations
 * backwards with the same method on the same grid; that is a different discretisation of the same exact gradient,
 * so the two agree only up to the method's error, O(h^4) for RK4: 2.7e-6 relative with 8 steps per interval,
 * 6e-10 with 64, 2.5e-12 with 256 (h &lt;= 1/341), falling 16-fold per halving of h
 * ({@link #adjointGapToBackpropShrinksAtTheMethodsOrder}), which shows the difference is that discretisation error
 * and nothing else. CHECKPOINTED replays the forward's own steps with the same operations: with a single segment
 * its tape is BACKPROP's and the gradients are bit-for-bit equal; with several segments the per-segment parameter
 * gradients are summed in a different order, a difference of an ulp or two.
 */
class GradientModesTest {
    /** Gradients of the loss with respect to z0, W and b. */
    private static double[][] gradients(OdeOptions options) {
        Tensor z0 = TanhField.initialState().requiresGrad(true);
        Tensor w = TanhField.weights().requiresGrad(true);
        Tensor b = TanhField.bias().requiresGrad(true);
        OdeSolution<Tensor> solution = Odeint.solve(TanhField.field(w, b), z0, TanhField.TIMES, options);
        TanhField.loss(solution).backward();
        return new double[][] {z0.grad().toDoubleArray(), w.grad().toDoubleArray(), b.grad().toDoubleArray()};
    }

    private static double relativeGap(double[][] a, double[][] b) {
        double gap = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                gap = Math.max(gap, Math.abs(a[i][j] - b[i][j]));
                scale = Math.max(scale, Math.abs(b[i][j]));
            }
        }
        return gap / scale;
    }

    @Test
    void adjointEqualsBackpropWithFineRk4Steps() {
        OdeOptions rk4 = OdeOptions.method("rk4").steps(256);
        double gap = relativeGap(gradients(rk4.gradients(Gradients.ADJOINT)), gradients(rk4));
        assertTrue(gap < 1e-10, "adjoint vs backprop relative gap " + gap);
    }

    @Test
    void adjointGapToBackpropShrinksAtTheMethodsOrder() {
        double[] gaps = new double[3];
        for (int i = 0; i < gaps.length; i++) {
            OdeOptions rk4 = OdeOptions.method("rk4").steps(8 << i);
            gaps[i] = relativeGap(gradients(rk4.gradients(Gradients.ADJOINT)), gradients(rk4));
        }
        for (int i = 1; i < gaps.length; i++) {
            double ratio = gaps[i - 1] / gaps[i];
            assertTrue(ratio > 12 && ratio < 20, "halving h should cut the gap ~16-fold (RK4), got " + ratio);
        }
    }

    @Test
    void adjointEqualsBackpropWithTightDormandPrince() {
        OdeOptions dopri5 = OdeOptions.method("dopri5").rtol(1e-12).atol(1e-12);
        double gap = relativeGap(gradients(dopri5.gradients(Gradients.ADJOINT)), gradients(dopri5));
        assertTrue(gap < 1e-8, "adjoint vs backprop relative gap " + gap);
    }

    @Test
    void forALinearAutonomousFieldTheStateAdjointIsTheDiscreteOneExactly() {
        // z' = A z: an RK4 step is z -> R(hA) z, backprop gives R(hA)^T a, and an RK4 step backwards of
        // a' = -A^T a gives R(hA^T) a, the same matrix; so the two agree to round-off even with 2 steps.
        Tensor a = Tensor.of(new double[][] {{-0.5, 1.2}, {-0.9, -0.1}});
        OdeFunction linear = OdeFunction.of(List.of(), (t, z) -> a.matmul(z.reshape(2, 1)).reshape(2));
        double[][] grads = new double[2][];
        for (Gradients mode : List.of(Gradients.BACKPROP, Gradients.ADJOINT)) {
            Tensor z0 = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
            Odeint.solve(linear, z0, new double[] {0, 1.5}, OdeOptions.method("rk4").steps(2).gradients(mode)).last()
                    .mul(Tensor.of(new double[] {0.3, -1.7}, 2)).sum().backward();
            grads[mode.ordinal()] = z0.grad().toDoubleArray();
        }
        assertEquals(grads[0][0], grads[1][0], 1e-14);
        assertEquals(grads[0][1], grads[1][1], 1e-14);
    }

    private static void checkAgainstFiniteDifferences(OdeOptions options, double tolerance) {
        GradCheck.withDefaults().tolerance(tolerance, tolerance).verify(
                in -> Odeint.solve(TanhField.field(in[1], in[2]), in[0], TanhField.TIMES, options).last(),
                TanhField.initialState(), TanhField.weights(), TanhField.bias());
    }

    @Test
    void everyModeMatchesFiniteDifferencesOfTheSolve() {
        OdeOptions rk4 = OdeOptions.method("rk4").steps(64);
        checkAgainstFiniteDifferences(rk4, 1e-8);
        checkAgainstFiniteDifferences(rk4.gradients(Gradients.ADJOINT), 1e-7);
        checkAgainstFiniteDifferences(rk4.gradients(Gradients.CHECKPOINTED).checkpointEvery(5), 1e-8);
        OdeOptions dopri5 = OdeOptions.method("dopri5").rtol(1e-10).atol(1e-12);
        checkAgainstFiniteDifferences(dopri5, 1e-7);
        checkAgainstFiniteDifferences(dopri5.gradients(Gradients.ADJOINT), 1e-7);
    }

    @Test
    void checkpointedEqualsBackprop() {
        for (String method : List.of("euler", "midpoint", "heun", "rk4", "dopri5")) {
            OdeOptions options = method.equals("dopri5") ? OdeOptions.method(method).rtol(1e-6)
                    : OdeOptions.method(method).steps(10);
            double[][] backprop = gradients(options);
            OdeOptions checkpointed = options.gradients(Gradients.CHECKPOINTED);
            double[][] oneSegment = gradients(checkpointed.checkpointEvery(1000));
            for (int i = 0; i < backprop.length; i++) {
                assertArrayEquals(backprop[i], oneSegment[i], 0, method + ", one segment");
            }
            for (int every : new int[] {1, 3, 7}) {
                double gap = relativeGap(gradients(checkpointed.checkpointEvery(every)), backprop);
                assertTrue(gap < 1e-15, method + ", checkpoint every " + every + ": relative gap " + gap);
            }
        }
    }

    @Test
    void adjointMemoryDoesNotGrowWithTheStepsWhileBackpropGrowsLinearly() {
        long[] adjoint = new long[2];
        long[] backprop = new long[2];
        int[] steps = {4, 64};
        for (int i = 0; i < 2; i++) {
            for (Gradients mode : List.of(Gradients.ADJOINT, Gradients.BACKPROP)) {
                Tensor z0 = TanhField.initialState().requiresGrad(true);
                OdeFunction f = TanhField.field(TanhField.weights().requiresGrad(true),
                        TanhField.bias().requiresGrad(true));
                Tensor zT = Odeint.solve(f, z0, new double[] {0, 1},
                        OdeOptions.method("rk4").steps(steps[i]).gradients(mode)).last();
                long bytes = Autograd.retainedBytes(zT.sum());
                if (mode == Gradients.ADJOINT) {
                    adjoint[i] = bytes;
                } else {
                    backprop[i] = bytes;
                }
            }
        }
        assertEquals(adjoint[0], adjoint[1], "adjoint graph bytes at 4 and 64 steps");
        double growth = (double) backprop[1] / backprop[0];
        assertTrue(growth > 12 && growth < 17, "backprop graph should grow ~16-fold, grew " + growth);
    }

    @Test
    void theBackwardPassReportsItsCost() {
        Tensor z0 = TanhField.initialState().requiresGrad(true);
        OdeFunction f = TanhField.field(TanhField.weights(), TanhField.bias());
        OdeSolution<Tensor> adjoint = Odeint.solve(f, z0, TanhField.TIMES,
                OdeOptions.method("rk4").steps(5).gradients(Gradients.ADJOINT));
        assertTrue(adjoint.backwardStatistics().isEmpty());
        TanhField.loss(adjoint).backward();
        assertEquals(new OdeStatistics(60, 15, 0), adjoint.backwardStatistics().orElseThrow(),
                "3 intervals of 5 RK4 steps of the augmented system");

        OdeSolution<Tensor> checkpointed = Odeint.solve(f, z0, TanhField.TIMES,
                OdeOptions.method("rk4").steps(5).gradients(Gradients.CHECKPOINTED).checkpointEvery(4));
        TanhField.loss(checkpointed).backward();
        assertEquals(new OdeStatistics(60, 15, 0), checkpointed.backwardStatistics().orElseThrow(),
                "every step replayed once");
    }
}
