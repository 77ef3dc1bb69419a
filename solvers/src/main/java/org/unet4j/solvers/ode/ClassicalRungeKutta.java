package org.unet4j.solvers.ode;

/**
 * The classical fourth-order Runge-Kutta method:
 * <pre>
 *   k_1 = f(t, y),              k_2 = f(t + h/2, y + h/2 k_1),
 *   k_3 = f(t + h/2, y + h/2 k_2),  k_4 = f(t + h, y + h k_3),
 *   y_{n+1} = y_n + h (k_1 + 2 k_2 + 2 k_3 + k_4) / 6.
 * </pre>
 * Four stages, global error O(h^4). Table name "rk4".
 */
final class ClassicalRungeKutta extends ExplicitRungeKuttaMethod {
    ClassicalRungeKutta() {
        super(new ButcherTableau(new double[] {0, 0.5, 0.5, 1},
                new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
                new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}));
    }

    @Override
    public String name() {
        return "rk4";
    }

    @Override
    public int order() {
        return 4;
    }
}
