package org.unet4j.solvers.ode;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;

/** Shared test problems on {@code double[]} states, and their Commons Math form. */
final class Problems {
    private Problems() {
    }

    /** A damped, forced rotation: y' = [[-a, w], [-w, -a]] y + [sin t, cos 2t]. */
    static OdeSystem<double[]> forcedRotation(double a, double w) {
        return (t, y) -> new double[] {-a * y[0] + w * y[1] + Math.sin(t), -w * y[0] - a * y[1] + Math.cos(2 * t)};
    }

    /** Lotka-Volterra predator-prey: x' = alpha x - beta x y, y' = delta x y - gamma y. */
    static OdeSystem<double[]> lotkaVolterra(double alpha, double beta, double delta, double gamma) {
        return (t, y) -> new double[] {alpha * y[0] - beta * y[0] * y[1], delta * y[0] * y[1] - gamma * y[1]};
    }

    /** y' = lambda y, whose solution is y0 e^(lambda t). */
    static OdeSystem<double[]> exponential(double lambda) {
        return (t, y) -> new double[] {lambda * y[0]};
    }

    /** The same right-hand side as Commons Math equations of the given dimension. */
    static FirstOrderDifferentialEquations commonsMath(OdeSystem<double[]> f, int dimension) {
        return new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return dimension;
            }

            @Override
            public void computeDerivatives(double t, double[] y, double[] yDot) {
                System.arraycopy(f.derivative(t, y), 0, yDot, 0, dimension);
            }
        };
    }

    /** max_j |a_j - b_j| / max(1, |b_j|). */
    static double relativeDistance(double[] a, double[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) {
            d = Math.max(d, Math.abs(a[j] - b[j]) / Math.max(1, Math.abs(b[j])));
        }
        return d;
    }
}
