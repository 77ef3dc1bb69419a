package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

/**
 * Each method is written once over {@link StateSpace}: on a {@code double[]}, a float64 tensor and a list of
 * float64 tensors, the same problem gives the same numbers to the last bit.
 */
class StateSpacesTest {
    private static final double A = 0.3;
    private static final double W = 2;

    private static OdeOptions options(String method) {
        return method.equals("dopri5") ? OdeOptions.method(method).rtol(1e-6) : OdeOptions.method(method).steps(7);
    }

    @Test
    void doubleArraysTensorsAndTensorListsGiveIdenticalSolutions() {
        double[] times = {0, 0.4, 1.3};
        OdeSystem<double[]> arrays = Problems.forcedRotation(A, W);
        OdeSystem<Tensor> tensors = (t, y) -> Tensor.of(arrays.derivative(t, y.toDoubleArray()), 2);
        OdeSystem<List<Tensor>> lists = (t, y) -> {
            double[] d = arrays.derivative(t, new double[] {y.get(0).item(), y.get(1).item()});
            return List.of(Tensor.of(new double[] {d[0]}, 1), Tensor.of(new double[] {d[1]}, 1));
        };
        for (String method : OdeMethods.names()) {
            OdeSolution<double[]> a = Odeint.solve(arrays, new double[] {1, -0.5}, times, options(method));
            OdeSolution<Tensor> t = Odeint.solve(tensors, Tensor.of(new double[] {1, -0.5}, 2), times,
                    StateSpace.TENSOR, options(method));
            OdeSolution<List<Tensor>> l = Odeint.solve(lists, List.of(Tensor.of(new double[] {1}, 1),
                    Tensor.of(new double[] {-0.5}, 1)), times, options(method));
            for (int i = 0; i < times.length; i++) {
                assertArrayEquals(a.state(i), t.state(i).toDoubleArray(), 0, method + " tensor at t = " + times[i]);
                assertArrayEquals(a.state(i), StateSpace.TENSOR_LIST.toDoubles(l.state(i)), 0,
                        method + " tensor list at t = " + times[i]);
            }
        }
    }
}
