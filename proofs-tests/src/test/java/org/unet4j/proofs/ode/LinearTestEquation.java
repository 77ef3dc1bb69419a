package org.unet4j.proofs.ode;

import java.util.List;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.unet4j.solvers.ode.OdeOptions;
import org.unet4j.solvers.ode.OdeSolution;
import org.unet4j.solvers.ode.OdeSystem;
import org.unet4j.solvers.ode.Odeint;

/**
 * The forced test equation of Continuous U-Net Theorem 2,
 * <pre>
 *   x'(t) = lambda x(t) + f(t),   x(0) = 1,   lambda in C,   f(t) = sum_k c_k e^(i omega_k t),
 * </pre>
 * integrated as a real 2x2 system on (Re x, Im x) (a real lambda and forcing give two decoupled real equations),
 * with the exact solution
 * <pre>
 *   x(t) = e^(lambda t) (1 - sum_k q_k) + sum_k q_k e^(i omega_k t),   q_k = c_k / (i omega_k - lambda).
 * </pre>
 * {@link #observedOrder} measures the global error GE(h) = max over the output times t_i of |x_n - x(t_i)| for
 * step sizes h_0, h_0/2, ..., h_0/16 and fits the slope of log GE against log h by least squares.
 */
record LinearTestEquation(Complex lambda, List<Forcing> forcing) {
    /** Output times 0, 0.5, 1, 1.5, 2: the error is taken at each (the theorem bounds it on all of [0, t_f]). */
    static final double[] TIMES = {0, 0.5, 1, 1.5, 2};

    /** One forcing term c e^(i omega t). */
    record Forcing(Complex amplitude, double frequency) {
    }

    OdeSystem<double[]> system() {
        return (t, y) -> {
            Complex dx = lambda.multiply(new Complex(y[0], y[1]));
            for (Forcing term : forcing) {
                dx = dx.add(term.amplitude().multiply(new Complex(0, term.frequency() * t).exp()));
            }
            return new double[] {dx.getReal(), dx.getImaginary()};
        };
    }

    Complex exact(double t) {
        Complex homogeneous = Complex.ONE;
        Complex particular = Complex.ZERO;
        for (Forcing term : forcing) {
            Complex q = term.amplitude().divide(new Complex(0, term.frequency()).subtract(lambda));
            homogeneous = homogeneous.subtract(q);
            particular = particular.add(q.multiply(new Complex(0, term.frequency() * t).exp()));
        }
        return lambda.multiply(t).exp().multiply(homogeneous).add(particular);
    }

    /** max_i |x_n(t_i) - x(t_i)| for {@code steps} equal steps per half unit of time. */
    double globalError(String method, int steps) {
        OdeSolution<double[]> solution = Odeint.solve(system(), new double[] {1, 0}, TIMES,
                OdeOptions.method(method).steps(steps));
        double error = 0;
        for (int i = 1; i < TIMES.length; i++) {
            double[] y = solution.state(i);
            error = Math.max(error, new Complex(y[0], y[1]).subtract(exact(TIMES[i])).abs());
        }
        return error;
    }

    /** The least-squares slope of log GE(h) against log h over h = 0.5/n for n = n0, 2 n0, ..., 16 n0. */
    double observedOrder(String method, int n0) {
        SimpleRegression fit = new SimpleRegression();
        for (int level = 0; level < 5; level++) {
            int steps = n0 << level;
            fit.addData(Math.log(0.5 / steps), Math.log(globalError(method, steps)));
        }
        return fit.getSlope();
    }
}
