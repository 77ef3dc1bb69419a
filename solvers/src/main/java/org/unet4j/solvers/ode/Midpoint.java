package org.unet4j.solvers.ode;

/**
 * The explicit midpoint method (RK2): k_1 = f(t, y), k_2 = f(t + h/2, y + h/2 k_1), y_{n+1} = y_n + h k_2. Two
 * stages, global error O(h^2). Table name "midpoint".
 */
final class Midpoint extends ExplicitRungeKuttaMethod {
    Midpoint() {
        super(new ButcherTableau(new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}));
    }

    @Override
    public String name() {
        return "midpoint";
    }

    @Override
    public int order() {
        return 2;
    }
}
