package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.BackwardRule;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;

/**
 * A tensor solve whose gradients come from the adjoint sensitivity method (Chen et al. 2018, Pontryagin).
 *
 * <p>Forward: the solve runs without a tape; the states at the requested times, stacked, are recorded as the
 * output of one op whose inputs are z(t_0) and the parameters theta. Backward, given the gradients g_i of the loss
 * with respect to z(t_i): starting from a = g_N and dL/dtheta = 0, integrate over each interval, from t_i back to
 * t_{i-1}, the augmented system
 * <pre>
 *   z' = f(t, z),   a' = -a^T df/dz (t, z),   (dL/dtheta)' = -a^T df/dtheta (t, z),
 * </pre>
 * restart z at the forward state z(t_{i-1}) and add g_{i-1} to a (the g_i arrive as the rows of the
 * {@link StackedSolveOp}'s gradient). At t_0, a = dL/dz(t_0). Each evaluation of the augmented right-hand side
 * is one evaluation of f with taping and one vector-Jacobian product
 * ({@link Autograd#grad} over z and theta). Nothing is kept per step, so memory does not depend on the number of
 * steps. The backward solve uses the forward's method and options; fixed grids are retraced step for step.
 *
 * <p>The result is the gradient of the exact flow up to the backward solve's discretisation error; it differs from
 * the gradient of the discrete forward solve ({@link Gradients#BACKPROP}) by O(h^p) for a method of order p.
 */
final class AdjointSolve {
    private AdjointSolve() {
    }

    static OdeSolution<Tensor> solve(OdeFunction f, Tensor y0, double[] times, OdeOptions options) {
        OdeSolution<Tensor> forward;
        try (NoGrad scope = Autograd.noGrad()) {
            forward = options.method().integrate(f::apply, y0.detach(), times, StateSpace.TENSOR, options,
                    StepObserver.none());
        }
        Backward rule = new Backward(f, forward.states(), times, options);
        Tensor stacked = StackedSolveOp.record("odeint_adjoint", forward.states(), rule, y0, f.parameters());
        OdeSolution<Tensor> solution = new OdeSolution<>(times, StackedSolveOp.rows(stacked, y0.dims()),
                forward.statistics());
        rule.solution = solution;
        return solution;
    }

    /** The augmented right-hand side on [z, a, dL/dtheta_1, ...]: one f evaluation and one vector-Jacobian product. */
    private static OdeSystem<List<Tensor>> augmented(OdeFunction f) {
        List<Tensor> theta = f.parameters();
        return (t, state) -> {
            Tensor z = state.get(0);
            Tensor a = state.get(1);
            return Autograd.withGrad(() -> {
                Tensor leaf = z.detach().requiresGrad(true);
                Tensor fz = f.apply(t, leaf);
                List<Tensor> wrt = new ArrayList<>(1 + theta.size());
                wrt.add(leaf);
                wrt.addAll(theta);
                Tensor[] vjp = Autograd.grad(fz, wrt, a);
                List<Tensor> derivative = new ArrayList<>(state.size());
                derivative.add(fz.detach());
                for (Tensor product : vjp) {
                    derivative.add(product.neg());
                }
                return derivative;
            });
        };
    }

    private static final class Backward implements BackwardRule {
        private final OdeFunction f;
        private final List<Tensor> states;
        private final double[] times;
        private final OdeOptions options;
        private OdeSolution<Tensor> solution;

        Backward(OdeFunction f, List<Tensor> states, double[] times, OdeOptions options) {
            this.f = f;
            this.states = states;
            this.times = times;
            this.options = options;
        }

        @Override
        public Tensor[] apply(Tensor g) {
            int[] dims = states.get(0).dims();
            List<Tensor> theta = f.parameters();
            OdeSystem<List<Tensor>> system = augmented(f);
            OdeOptions backwards = options.reversed();
            Tensor a = StackedSolveOp.row(g, times.length - 1, dims);
            List<Tensor> thetaGrads = new ArrayList<>(theta.size());
            for (Tensor p : theta) {
                thetaGrads.add(p.zerosLike());
            }
            OdeStatistics cost = new OdeStatistics(0, 0, 0);
            for (int i = times.length - 1; i > 0; i--) {
                List<Tensor> start = new ArrayList<>(2 + theta.size());
                start.add(states.get(i));
                start.add(a);
                start.addAll(thetaGrads);
                OdeSolution<List<Tensor>> interval = options.method().integrate(system, start,
                        new double[] {times[i], times[i - 1]}, StateSpace.TENSOR_LIST, backwards,
                        StepObserver.none());
                cost = cost.plus(interval.statistics());
                List<Tensor> end = interval.last();
                a = end.get(1).add(StackedSolveOp.row(g, i - 1, dims));
                thetaGrads = end.subList(2, end.size());
            }
            solution.recordBackward(cost);
            Tensor[] grads = new Tensor[1 + theta.size()];
            grads[0] = a;
            for (int i = 0; i < theta.size(); i++) {
                grads[1 + i] = thetaGrads.get(i);
            }
            return grads;
        }
    }
}
