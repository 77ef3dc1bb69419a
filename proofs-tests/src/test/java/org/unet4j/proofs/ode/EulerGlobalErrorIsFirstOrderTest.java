package org.unet4j.proofs.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Continuous U-Net: Faster, Greater and Noiseless (Cheng, Runkel, Liu, Chan, Schönlieb, Aviles-Rivero; TMLR
 * 2024), Theorem 2: Euler's method applied to
 * <pre>
 *   x'(t) = lambda x(t) + f^(v)(t, theta_f),   0 &lt;= t &lt;= t_f,   x(0) = 1,   lambda in C,
 * </pre>
 * converges, and its global error at t in [0, t_f] is O(h): e_n = sum_j (1 + h lambda)^(n-j) T_j with local
 * truncation errors |T_j| &lt;= C h^2, so |e_n| &lt;= n e^(|lambda| t_f) C h^2 = O(h).
 *
 * <p>Reproduction: for random lambda (negative real, or complex through the equivalent real 2x2 system) and
 * random oscillatory forcing f (see {@link LinearTestEquation}), the least-squares slope of log GE against log h,
 * for h from 1/128 to 1/2048 on [0, 2], is within 0.1 of 1.
 */
class EulerGlobalErrorIsFirstOrderTest {
    @Provide
    Arbitrary<LinearTestEquation> equations() {
        return LinearTestEquations.any();
    }

    @Property(tries = 60)
    void eulerGlobalErrorFallsLikeH(@ForAll("equations") LinearTestEquation equation) {
        double order = equation.observedOrder("euler", 64);
        assertTrue(Math.abs(order - 1) < 0.1, "observed order " + order + " for " + equation);
    }
}
