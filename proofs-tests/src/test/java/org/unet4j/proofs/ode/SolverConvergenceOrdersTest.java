package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Continuous U-Net, Section 3.2 ("Opening the ODE-solver box"), the orders the paper states beyond Theorem 2:
 * the linear multistep methods explicit Adams-Bashforth (AB) and implicit Adams-Bashforth-Moulton (ABM) have
 * global error O(h^2); the Runge-Kutta methods midpoint (RK2) and Heun have order 2 and the classical RK4 order 4.
 *
 * <p>Reproduction with the harness of Theorem 2 ({@link LinearTestEquation}: x' = lambda x + f(t), x(0) = 1,
 * random lambda negative real or complex, random forcing): the fitted slope of log GE against log h is within 0.1
 * of the method's order. Step ranges (on [0, 2]): h from 1/64 to 1/1024 for the second-order methods, from 1/16
 * to 1/256 for RK4, whose error at the finest step stays far above round-off.
 */
class SolverConvergenceOrdersTest {
    @Provide
    Arbitrary<LinearTestEquation> equations() {
        return LinearTestEquations.any();
    }

    private static void assertOrder(LinearTestEquation equation, String method, int n0, int order) {
        double observed = equation.observedOrder(method, n0);
        assertTrue(Math.abs(observed - order) < 0.1, method + ": observed order " + observed + ", expected " + order
                + ", for " + equation);
    }

    @Property(tries = 30)
    void adamsBashforthIsSecondOrder(@ForAll("equations") LinearTestEquation equation) {
        assertOrder(equation, "ab2", 32, 2);
    }

    @Property(tries = 30)
    void adamsBashforthMoultonIsSecondOrder(@ForAll("equations") LinearTestEquation equation) {
        assertOrder(equation, "abm2", 32, 2);
    }

    @Property(tries = 30)
    void midpointIsSecondOrder(@ForAll("equations") LinearTestEquation equation) {
        assertOrder(equation, "midpoint", 32, 2);
    }

    @Property(tries = 30)
    void heunIsSecondOrder(@ForAll("equations") LinearTestEquation equation) {
        assertOrder(equation, "heun", 32, 2);
    }

    @Property(tries = 30)
    void classicalRungeKuttaIsFourthOrder(@ForAll("equations") LinearTestEquation equation) {
        assertOrder(equation, "rk4", 8, 4);
    }
}
