package org.unet4j.solvers.ode;

import java.util.List;
import org.unet4j.autodiff.Tensor;

/**
 * The small time-dependent tanh field f(t, z) = (1 + sin(t)/2) tanh(W z + b) - z/10 on R^3, float64, used by the
 * gradient tests, and the loss L = sum_i &lt;w_i, z(t_i)&gt; over the requested times.
 */
final class TanhField {
    static final double[] TIMES = {0, 0.5, 1.25, 2};

    private TanhField() {
    }

    static Tensor weights() {
        return Tensor.of(new double[][] {{0.5, -1.1, 0.3}, {0.8, 0.2, -0.6}, {-0.4, 0.9, 0.7}});
    }

    static Tensor bias() {
        return Tensor.of(new double[] {0.1, -0.2, 0.3}, 3);
    }

    static Tensor initialState() {
        return Tensor.of(new double[] {0.7, -0.3, 0.5}, 3);
    }

    static OdeFunction field(Tensor w, Tensor b) {
        return OdeFunction.of(List.of(w, b), (t, z) -> w.matmul(z.reshape(3, 1)).reshape(3).add(b).tanh()
                .mul(1 + 0.5 * Math.sin(t)).sub(z.mul(0.1)));
    }

    /** sum_i &lt;w_i, z(t_i)&gt; with fixed weights w_i. */
    static Tensor loss(OdeSolution<Tensor> solution) {
        Tensor total = null;
        for (int i = 0; i < solution.states().size(); i++) {
            Tensor weight = Tensor.of(new double[] {1 + i, -0.5 * i, 0.25 + i * i}, 3);
            Tensor term = solution.state(i).mul(weight).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
