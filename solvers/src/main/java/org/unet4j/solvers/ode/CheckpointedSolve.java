package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.BackwardRule;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;

/**
 * A tensor solve differentiated by backpropagation with recomputation (checkpointing).
 *
 * <p>Forward: the solve runs without a tape, recording each accepted step (t_n, h_n), where each requested time
 * falls, and the state at the start of every k-th step. Backward, segment by segment from the last: replay the k
 * steps of the segment from its stored state with taping (the same steps, the same operations), then
 * backpropagate through them the gradients of the outputs inside the segment plus the gradient already found for
 * the segment's end state. This gives the gradient of the discrete solve, as {@link Gradients#BACKPROP} does, up
 * to the order in which floating-point contributions are summed, with memory for N / k stored states plus one
 * taped segment. Needs a {@link OneStepMethod}.
 */
final class CheckpointedSolve {
    private CheckpointedSolve() {
    }

    static OdeSolution<Tensor> solve(OdeFunction f, Tensor y0, double[] times, OdeOptions options) {
        Trajectory trajectory = new Trajectory(options.checkpointEvery().getAsInt());
        OdeSolution<Tensor> forward;
        try (NoGrad scope = Autograd.noGrad()) {
            forward = options.method().integrate(f::apply, y0.detach(), times, StateSpace.TENSOR, options,
                    trajectory);
        }
        Backward rule = new Backward(f, (OneStepMethod) options.method(), trajectory, y0.dims());
        Tensor stacked = StackedSolveOp.record("odeint_checkpointed", forward.states(), rule, y0, f.parameters());
        OdeSolution<Tensor> solution = new OdeSolution<>(times, StackedSolveOp.rows(stacked, y0.dims()),
                forward.statistics());
        rule.solution = solution;
        return solution;
    }

    /** An accepted step of the forward solve, from t by h. */
    private record AcceptedStep(double t, double h) {
    }

    /** Output index {@code output} is the state at fraction {@code theta} of its step. */
    private record Placement(int output, double theta) {
    }

    /** The accepted steps of the forward solve, its stored states, and where the outputs fall. */
    private static final class Trajectory implements StepObserver<Tensor> {
        private final int every;
        private final List<AcceptedStep> steps = new ArrayList<>();
        private final List<Tensor> checkpoints = new ArrayList<>();
        private final Map<Integer, List<Placement>> outputs = new HashMap<>();

        Trajectory(int every) {
            this.every = every;
        }

        @Override
        public void stepAccepted(int index, double t, double h, Tensor start) {
            steps.add(new AcceptedStep(t, h));
            if (index % every == 0) {
                checkpoints.add(start);
            }
        }

        @Override
        public void outputPlaced(int output, int step, double theta) {
            outputs.computeIfAbsent(step, s -> new ArrayList<>()).add(new Placement(output, theta));
        }
    }

    private static final class Backward implements BackwardRule {
        private final OdeFunction f;
        private final OneStepMethod method;
        private final Trajectory trajectory;
        private final int[] dims;
        private OdeSolution<Tensor> solution;

        Backward(OdeFunction f, OneStepMethod method, Trajectory trajectory, int[] dims) {
            this.f = f;
            this.method = method;
            this.trajectory = trajectory;
            this.dims = dims;
        }

        @Override
        public Tensor[] apply(Tensor g) {
            List<Tensor> theta = f.parameters();
            CountingSystem<Tensor> counted = new CountingSystem<>(f::apply, StateSpace.TENSOR);
            Tensor endGradient = null;
            Tensor[] thetaGrads = new Tensor[theta.size()];
            for (int segment = trajectory.checkpoints.size() - 1; segment >= 0; segment--) {
                Tensor later = endGradient;
                int first = segment * trajectory.every;
                int end = Math.min(first + trajectory.every, trajectory.steps.size());
                Tensor checkpoint = trajectory.checkpoints.get(segment);
                Tensor[] grads = Autograd.withGrad(() -> replay(counted, checkpoint, first, end, g, later, theta));
                endGradient = grads[0];
                for (int i = 0; i < theta.size(); i++) {
                    thetaGrads[i] = thetaGrads[i] == null ? grads[1 + i] : thetaGrads[i].add(grads[1 + i]);
                }
            }
            solution.recordBackward(new OdeStatistics(counted.evaluations(), trajectory.steps.size(), 0));
            Tensor[] grads = new Tensor[1 + theta.size()];
            grads[0] = endGradient.add(StackedSolveOp.row(g, 0, dims));
            System.arraycopy(thetaGrads, 0, grads, 1, theta.size());
            return grads;
        }

        /**
         * Replays steps [first, end) from the stored state with taping and returns the gradients, with respect to
         * that state and to the parameters, of sum_outputs &lt;y(t_i), g_i&gt; + &lt;y_end, later&gt;.
         */
        private Tensor[] replay(CountingSystem<Tensor> f, Tensor checkpoint, int first, int end, Tensor g,
                Tensor later, List<Tensor> theta) {
            Tensor leaf = checkpoint.detach().requiresGrad(true);
            Tensor y = leaf;
            Tensor slope = null;
            Tensor objective = null;
            for (int n = first; n < end; n++) {
                AcceptedStep accepted = trajectory.steps.get(n);
                RungeKuttaStep<Tensor> step = method.step(f, StateSpace.TENSOR, accepted.t(), accepted.h(), y, slope);
                for (Placement p : trajectory.outputs.getOrDefault(n, List.of())) {
                    Tensor output = step.stateAt(StateSpace.TENSOR, p.theta());
                    Tensor term = output.mul(StackedSolveOp.row(g, p.output(), dims)).sum();
                    objective = objective == null ? term : objective.add(term);
                }
                y = step.end();
                slope = step.lastSlope();
            }
            if (later != null) {
                Tensor term = y.mul(later).sum();
                objective = objective == null ? term : objective.add(term);
            }
            List<Tensor> wrt = new ArrayList<>(1 + theta.size());
            wrt.add(leaf);
            wrt.addAll(theta);
            return Autograd.grad(objective, wrt, objective.fullLike(1));
        }
    }
}
