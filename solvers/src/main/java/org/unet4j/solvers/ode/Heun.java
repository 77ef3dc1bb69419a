package org.unet4j.solvers.ode;

/**
 * Heun's method (explicit trapezoid): k_1 = f(t, y), k_2 = f(t + h, y + h k_1), y_{n+1} = y_n + h/2 (k_1 + k_2).
 * Two stages, global error O(h^2). Table name "heun".
 */
final class Heun extends ExplicitRungeKuttaMethod {
    Heun() {
        super(new ButcherTableau(new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}));
    }

    @Override
    public String name() {
        return "heun";
    }

    @Override
    public int order() {
        return 2;
    }
}
