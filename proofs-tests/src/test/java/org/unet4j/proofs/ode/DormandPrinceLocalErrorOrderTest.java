package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;
import org.unet4j.solvers.ode.ButcherTableau;
import org.unet4j.solvers.ode.OdeMethods;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;

/**
 * Continuous U-Net, Section 3.2, for the adaptive solver of its tables: Dormand-Prince 5(4) propagates a
 * fifth-order solution and estimates its error with an embedded fourth-order one. A method of order p has local
 * error |y_1 - y(t_0 + h)| = O(h^(p+1)) for one step from the exact value y(t_0): O(h^6) for the weights b,
 * O(h^5) for the embedded weights b^.
 *
 * <p>Reproduction with fixed steps through the method's own {@link ButcherTableau}, on two smooth non-autonomous
 * scalar problems with closed-form solutions, y' = y cos t (y = e^(sin t)) and the nonlinear y' = -2 t y^2
 * (y = 1 / (1 + t^2)), each from t_0 = 0.3: the least-squares slope of log(local error) against log h over
 * h = 0.1, 0.05, 0.025, 0.0125 is within 0.2 of 6 and of 5. (Dopri5's principal error coefficients are small, so
 * on some problems, tan t for one, the h^7 term still dominates where round-off begins: the step range is where
 * the leading term shows.) The solver's own one-step solve (dopri5 forced to a single step of h) equals the
 * tableau's fifth-order value.
 */
class DormandPrinceLocalErrorOrderTest {
    private static final ButcherTableau DOPRI5 = OdeMethods.named("dopri5").tableau().orElseThrow();

    /** One problem: the field, the start (t0, y0) and the exact solution through it. */
    private record Problem(String name, OdeSystem<double[]> field, double t0, DoubleUnaryOperator exact) {
        double y0() {
            return exact.applyAsDouble(t0);
        }
    }

    private static final Problem LINEAR = new Problem("y' = y cos t", (t, y) -> new double[] {y[0] * Math.cos(t)},
            0.3, t -> Math.exp(Math.sin(t)));
    private static final Problem NONLINEAR = new Problem("y' = -2 t y^2", (t, y) -> new double[] {-2 * t * y[0] * y[0]},
            0.3, t -> 1 / (1 + t * t));

    /** y_0 + h sum_i w_i k_i with the stages k_i = f(t_0 + c_i h, y_0 + h sum_j a_ij k_j) of the tableau. */
    private static double step(Problem p, double h, double[] weights) {
        int s = DOPRI5.stages();
        double[] c = DOPRI5.c();
        double[] k = new double[s];
        double y0 = p.y0();
        for (int i = 0; i < s; i++) {
            double[] a = DOPRI5.a(i);
            double sum = 0;
            for (int j = 0; j < i; j++) {
                sum += a[j] * k[j];
            }
            k[i] = p.field().derivative(p.t0() + c[i] * h, new double[] {y0 + h * sum})[0];
        }
        double sum = 0;
        for (int i = 0; i < s; i++) {
            sum += weights[i] * k[i];
        }
        return y0 + h * sum;
    }

    private static double observedLocalOrder(Problem p, double[] weights) {
        SimpleRegression fit = new SimpleRegression();
        for (double h = 0.1; h > 0.01; h /= 2) {
            double error = Math.abs(step(p, h, weights) - p.exact().applyAsDouble(p.t0() + h));
            fit.addData(Math.log(h), Math.log(error));
        }
        return fit.getSlope();
    }

    @Test
    void theFifthOrderSolutionHasLocalErrorOfOrderSix() {
        for (Problem p : new Problem[] {LINEAR, NONLINEAR}) {
            double order = observedLocalOrder(p, DOPRI5.b());
            assertTrue(Math.abs(order - 6) < 0.2, p.name() + ": local error slope " + order + ", expected 6");
        }
    }

    @Test
    void theEmbeddedFourthOrderSolutionHasLocalErrorOfOrderFive() {
        for (Problem p : new Problem[] {LINEAR, NONLINEAR}) {
            double order = observedLocalOrder(p, DOPRI5.embeddedWeights().orElseThrow());
            assertTrue(Math.abs(order - 5) < 0.2, p.name() + ": embedded local error slope " + order
                    + ", expected 5");
        }
    }

    @Test
    void theSolverTakesTheTableauStep() {
        for (Problem p : new Problem[] {LINEAR, NONLINEAR}) {
            for (double h = 0.4; h > 0.02; h /= 2) {
                double solver = Odeint.solve(p.field(), new double[] {p.y0()}, new double[] {p.t0(), p.t0() + h},
                        OdeOptions.method("dopri5").firstStep(h).maxStep(h).rtol(1).atol(1)).last()[0];
                assertEquals(step(p, h, DOPRI5.b()), solver, 1e-15 * Math.abs(solver), p.name() + ", h = " + h);
            }
        }
    }
}
