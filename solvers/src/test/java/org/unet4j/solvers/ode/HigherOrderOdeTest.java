package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

/** The reduction of an order-m ODE to a first-order system, in list and concatenated tensor form. */
class HigherOrderOdeTest {
    @Test
    void theFirstOrderSystemShiftsTheDerivativesAndAppendsTheHighest() {
        HigherOrderOde<double[]> third = HigherOrderOde.of(3, (t, z) -> new double[] {t + z.get(0)[0] * z.get(2)[0]});
        List<double[]> dz = third.firstOrderSystem().derivative(2, List.of(new double[] {3}, new double[] {5},
                new double[] {7}));
        assertArrayEquals(new double[] {5}, dz.get(0));
        assertArrayEquals(new double[] {7}, dz.get(1));
        assertArrayEquals(new double[] {2 + 3 * 7}, dz.get(2));
    }

    @Test
    void theHighestInitialDerivativeComesFromTheLowerOnes() {
        HigherOrderOde<double[]> second = HigherOrderOde.secondOrder((t, x, v) -> new double[] {-x[0]});
        List<double[]> z0 = second.initialState(List.of(new double[] {0.5}), lower -> new double[] {
            2 * lower.get(0)[0]});
        assertArrayEquals(new double[] {0.5}, z0.get(0));
        assertArrayEquals(new double[] {1.0}, z0.get(1));
        assertEquals("an ODE of order 2 takes 1 initial values below the highest derivative, got 2",
                assertThrows(IllegalArgumentException.class, () -> second.initialState(
                        List.of(new double[] {1}, new double[] {2}), lower -> new double[] {0})).getMessage());
        assertEquals("an ODE of order 2 has 2 initial values [x, x', ..., x^(m-1)], got 1",
                assertThrows(IllegalArgumentException.class, () -> second.initialState(List.of(new double[] {1})))
                        .getMessage());
        assertEquals("the order of an ODE must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> HigherOrderOde.of(0, (t, z) -> z.get(0))).getMessage());
    }

    /** A damped soft-spring oscillator x'' = -k tanh x - x'/5 on tensors, with a learnable stiffness k. */
    private static HigherOrderOde<Tensor> oscillator(Tensor k) {
        return HigherOrderOde.secondOrder((t, x, v) -> x.tanh().mul(k).neg().sub(v.mul(0.2)));
    }

    @Test
    void theConcatenatedTensorFormFollowsTheSameTrajectoryAsTheListForm() {
        Tensor k = Tensor.of(new double[] {1.3}, 1);
        HigherOrderOde<Tensor> ode = oscillator(k);
        Tensor x0 = Tensor.of(new double[] {0.4, -1.0}, 1, 2);
        Tensor v0 = Tensor.of(new double[] {0.0, 0.3}, 1, 2);
        double[] times = {0, 1, 3};
        OdeOptions rk4 = OdeOptions.method("rk4").steps(20);
        OdeSolution<List<Tensor>> lists = Odeint.solve(ode.firstOrderSystem(), List.of(x0, v0), times, rk4);
        OdeSolution<Tensor> concatenated = Odeint.solve(HigherOrderOde.concatenated(ode, 0, List.of(k)),
                Tensor.concat(0, x0, v0), times, rk4);
        for (int i = 0; i < times.length; i++) {
            List<Tensor> parts = HigherOrderOde.split(concatenated.state(i), 2, 0);
            assertArrayEquals(lists.state(i).get(0).toDoubleArray(), parts.get(0).toDoubleArray(), 0);
            assertArrayEquals(lists.state(i).get(1).toDoubleArray(), parts.get(1).toDoubleArray(), 0);
        }
    }

    @Test
    void aSecondOrderBlockIsDifferentiatedByTheFirstOrderAdjoint() {
        double[][] grads = new double[2][];
        for (Gradients mode : List.of(Gradients.BACKPROP, Gradients.ADJOINT)) {
            Tensor k = Tensor.of(new double[] {1.3}, 1).requiresGrad(true);
            Tensor x0 = Tensor.of(new double[] {0.4, -1.0}, 1, 2).requiresGrad(true);
            Tensor z0 = Tensor.concat(0, x0, x0.mul(0.5));
            OdeFunction f = HigherOrderOde.concatenated(oscillator(k), 0, List.of(k));
            Odeint.solve(f, z0, new double[] {0, 2}, OdeOptions.method("rk4").steps(200).gradients(mode)).last()
                    .pow(2).sum().backward();
            grads[mode.ordinal()] = new double[] {x0.grad().get(0, 0), x0.grad().get(0, 1), k.grad().item()};
        }
        for (int j = 0; j < 3; j++) {
            assertTrue(Math.abs(grads[0][j] - grads[1][j]) < 1e-9 * Math.max(1, Math.abs(grads[0][j])),
                    "gradient " + j + ": backprop " + grads[0][j] + ", adjoint " + grads[1][j]);
        }
    }
}
