package org.unet4j.solvers.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Tensor;

/**
 * A derivative must have the state's shape; the first evaluation checks it and names both. Before the check a
 * longer {@code double[]} derivative was cut to the state's length without a word, a shorter one ended in an
 * {@code ArrayIndexOutOfBoundsException}, and a tensor derivative of one entry was broadcast over the whole state.
 */
class DerivativeShapeTest {
    private static final double[] TIMES = {0, 1};

    private static String message(Runnable solve) {
        return assertThrows(IllegalArgumentException.class, solve::run).getMessage();
    }

    private static OdeOptions options(String method) {
        return method.equals("dopri5") ? OdeOptions.method(method) : OdeOptions.method(method).steps(4);
    }

    @Test
    void aLongerArrayDerivativeIsRefusedNotTruncated() {
        OdeSystem<double[]> three = (t, y) -> new double[] {-y[0], -y[1], 1};
        for (String method : OdeMethods.names()) {
            assertEquals("the right-hand side returned a derivative of length 3 for a state of length 2 at t = 0.0; "
                    + "f(t, y) must return dy/dt with the state's shape, one value per component",
                    message(() -> Odeint.solve(three, new double[] {1, 2}, TIMES, options(method))), method);
        }
    }

    @Test
    void aShorterArrayDerivativeIsRefusedByName() {
        OdeSystem<double[]> one = (t, y) -> new double[] {-y[0]};
        for (String method : OdeMethods.names()) {
            assertEquals("the right-hand side returned a derivative of length 1 for a state of length 2 at t = 0.0; "
                    + "f(t, y) must return dy/dt with the state's shape, one value per component",
                    message(() -> Odeint.solve(one, new double[] {1, 2}, TIMES, options(method))), method);
        }
    }

    @Test
    void aTensorDerivativeOfAnotherShapeIsRefusedNotBroadcast() {
        OdeFunction scalar = OdeFunction.of(List.of(), (t, z) -> z.sum());
        OdeFunction longer = OdeFunction.of(List.of(), (t, z) -> Tensor.concat(List.of(z, z), 1));
        Tensor z0 = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        for (String method : OdeMethods.names()) {
            assertEquals("the right-hand side returned a derivative of shape [] for a state of shape [1, 3] at "
                    + "t = 0.0; f(t, y) must return dy/dt with the state's shape, one value per component",
                    message(() -> Odeint.solve(scalar, z0, TIMES, options(method))), method);
            assertEquals("the right-hand side returned a derivative of shape [1, 6] for a state of shape [1, 3] at "
                    + "t = 0.0; f(t, y) must return dy/dt with the state's shape, one value per component",
                    message(() -> Odeint.solve(longer, z0, TIMES, options(method))), method);
        }
    }

    @Test
    void aListStateNamesTheShapeOfEachPart() {
        OdeSystem<List<Tensor>> dropsOne = (t, z) -> List.of(z.get(0).neg());
        List<Tensor> z0 = List.of(Tensor.of(new double[] {1}, 1), Tensor.of(new double[] {2, 3}, 2));
        assertEquals("the right-hand side returned a derivative of a list of 1 (shape [1]) for a state of a list of 2 "
                + "(shape [1]; shape [2]) at t = 0.0; f(t, y) must return dy/dt with the state's shape, one value per "
                + "component", message(() -> Odeint.solve(dropsOne, z0, TIMES, options("rk4"))));
    }
}
