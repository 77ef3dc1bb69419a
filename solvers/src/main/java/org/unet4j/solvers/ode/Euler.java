package org.unet4j.solvers.ode;

/**
 * The explicit Euler method, y_{n+1} = y_n + h f(t_n, y_n): one stage, global error O(h) (Continuous U-Net,
 * Theorem 2). Table name "euler".
 */
final class Euler extends ExplicitRungeKuttaMethod {
    Euler() {
        super(new ButcherTableau(new double[] {0}, new double[][] {{}}, new double[] {1}));
    }

    @Override
    public String name() {
        return "euler";
    }

    @Override
    public int order() {
        return 1;
    }
}
