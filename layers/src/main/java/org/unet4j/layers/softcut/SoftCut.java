package org.unet4j.layers.softcut;

import java.util.List;
import org.unet4j.autodiff.Tensor;
import org.unet4j.solvers.linear.NestedDissection;
import org.unet4j.solvers.linear.Permutation;
import org.unet4j.solvers.linear.StoppingRule;

/**
 * SoftCut, the differentiable relaxed graph cut (A. Bonfiglio, <i>SoftCut: a novel fully differentiable relaxed
 * graph cut approach for image segmentation in deep learning</i>, MSc thesis, Politecnico di Milano, 2022, Section
 * 2): given pixel scores {@code P} and non-negative edge weights, its output {@code x} solves
 * <pre>
 *   (I + L_w) x = p                                                   (eq. 14-16, d dimensions eq. 22-23)
 *   (1 + sum_j w_ij) x_i - sum_j w_ij x_j = p_i                       (row i, Kirchhoff's current law, eq. 25)
 * </pre>
 * per sample and per channel (a multiclass network applies it to every class channel before the softmax, as the
 * thesis does). Read as a circuit (Section 2.1), {@code p_i} is the current fed into node {@code i}, grounded by a
 * unit resistor, and {@code w_ij} the conductance between neighbours: two pixels joined by conductance {@code G}
 * give {@code x_1 = (G(p_1 + p_2) + p_1) / (2G + 1)} (eq. 24), running from the scores ({@code G = 0}) to their
 * mean ({@code G -> infinity}).
 *
 * <p>Shapes: scores {@code N x C x n_0 x ... x n_(d-1)} (any {@code d >= 1}); for axis {@code k} the weights are
 * {@code N x C x n_0 x ... x (n_k - 1) x ... x n_(d-1)}, entry {@code e} weighing the edge between the point at
 * {@code e} and its successor along {@code k}. In 2-D axis 0 holds the thesis's vertical (column) edges {@code C},
 * axis 1 its horizontal (row) edges {@code R}.
 *
 * <p>Gradients flow to the scores and every weight tensor with one adjoint solve per system (see
 * {@code SoftCutFunction}); no dense matrix is formed. Systems run in parallel.
 *
 * <p>Devices: on the host every solver runs in float64. For scores and weights on an OpenCL device,
 * {@link Solver#CG} keeps the forward and the adjoint solve on the device (float32, all systems as one batched CG,
 * same warm start and stopping rule; see {@code SoftCutFunction}); {@link Solver#EXACT} and {@link Solver#MGPCG} have
 * no device path and fail with an {@link UnsupportedOperationException} that shows the explicit move to the host.
 *
 * <pre>{@code
 * Tensor x = SoftCut.solve(scores, List.of(vertical, horizontal), SoftCut.Solver.CG);
 * Tensor y = SoftCut.fromLogits(scores, List.of(vLogits, hLogits), SoftCut.Solver.EXACT);  // softplus in front
 * SoftCut tight = SoftCut.builder().solver(SoftCut.Solver.MGPCG).tolerance(1e-10).maxIterations(500).build();
 * Tensor mask = SoftCut.hardCut(scores, List.of(vertical, horizontal));                     // max-flow, inference
 * }</pre>
 */
public final class SoftCut {
    private final Solver solver;
    private final StoppingRule stoppingRule;
    private final SolutionCheck check;

    private SoftCut(Solver solver, StoppingRule stoppingRule) {
        this.solver = solver;
        this.stoppingRule = stoppingRule;
        this.check = new SolutionCheck(stoppingRule);
    }

    /** How each system {@code (I + L_w) x = p} is solved. */
    public enum Solver {
        /**
         * Sparse Cholesky after a nested-dissection ordering (the thesis's exact solver used KLU); the factor of the
         * forward pass serves the adjoint solve of the backward pass.
         */
        EXACT,
        /**
         * Conjugate gradient, the thesis's Algorithm 2, warm-started at {@code x_0 = p} and stopped, by default, as
         * the thesis does: mean absolute residual below {@code 1e-6} (here per system), at most 10,000 iterations;
         * unlike the thesis, reaching the cap throws unless {@link Builder#warnIfNotConverged()} is chosen.
         */
        CG,
        /** Conjugate gradient preconditioned by a geometric multigrid V-cycle, same warm start and stopping rule. */
        MGPCG;

        LinearSolveFactory factory(int[] sizes, SolutionCheck check) {
            return switch (this) {
                case EXACT -> {
                    Permutation ordering = NestedDissection.order(sizes);
                    yield system -> new ExactSolve(system, ordering, check);
                }
                case CG -> system -> new ConjugateGradientSolve(system, check, false);
                case MGPCG -> system -> new ConjugateGradientSolve(system, check, true);
            };
        }
    }

    /** The default SoftCut: conjugate gradient with the thesis's stopping rule. */
    public static SoftCut create() {
        return builder().build();
    }

    /**
     * A builder: solver {@link Solver#CG}, the thesis's tolerance and cap ({@link StoppingRule#softCutThesis()}),
     * throwing when the cap is reached.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves SoftCut with the given solver and, for the iterative ones, the thesis's stopping rule.
     *
     * @param scores  {@code N x C x n_0 x ... x n_(d-1)}
     * @param weights one tensor per spatial axis, finite and {@code >= 0}
     * @throws IllegalArgumentException on a shape mismatch (naming both shapes and the expected {@code n_k - 1}), a
     *                                  negative, NaN or infinite weight (naming its axis, index and value) or a NaN or
     *                                  infinite score (naming its index and value)
     * @throws org.unet4j.solvers.linear.NotConvergedException   when an iterative solve reaches its iteration cap
     *                                  (see {@link Builder#warnIfNotConverged()})
     * @throws org.unet4j.solvers.linear.LossOfAccuracyException when the weights are too large for float64 to solve
     *                                  the system to the tolerance (naming the largest weight and the fix)
     */
    public static Tensor solve(Tensor scores, List<Tensor> weights, Solver solver) {
        return builder().solver(solver).build().apply(scores, weights);
    }

    /**
     * 2-D convenience: {@code vertical} weighs the edges along axis 0 (the thesis's {@code C}, shape
     * {@code N x C x (h-1) x w}), {@code horizontal} those along axis 1 ({@code R}, {@code N x C x h x (w-1)}).
     */
    public static Tensor solve(Tensor scores, Tensor vertical, Tensor horizontal, Solver solver) {
        return solve(scores, List.of(vertical, horizontal), solver);
    }

    /**
     * SoftCut with {@code softplus} in front of the weights, {@code w = log(1 + exp(logit))} (Figure 14 of the
     * thesis; smoother than the {@code exp} of Figure 13), so any real logits are admissible.
     */
    public static Tensor fromLogits(Tensor scores, List<Tensor> weightLogits, Solver solver) {
        return builder().solver(solver).build().applyLogits(scores, weightLogits);
    }

    /**
     * The exact binary graph cut for inference, by max-flow; see {@link HardCut}. Returns 1 (foreground, source side)
     * or 0 per point, in the dtype and device of the scores.
     */
    public static Tensor hardCut(Tensor scores, List<Tensor> weights) {
        return HardCut.segment(scores, weights);
    }

    /** {@code x = (I + L_w)^-1 p} per system, recorded on the tape. */
    public Tensor apply(Tensor scores, List<Tensor> weights) {
        return new SoftCutFunction(this).apply(scores, weights);
    }

    /** {@link #apply} with {@code softplus} applied to each weight tensor first. */
    public Tensor applyLogits(Tensor scores, List<Tensor> weightLogits) {
        return apply(scores, weightLogits.stream().map(Tensor::softplus).toList());
    }

    /** The solver. */
    public Solver solver() {
        return solver;
    }

    /**
     * The stopping rule of the iterative solvers; its threshold is also the accuracy every solve, {@link Solver#EXACT}
     * included, must be shown to meet (see {@link SolutionCheck}).
     */
    public StoppingRule stoppingRule() {
        return stoppingRule;
    }

    /** The convergence and accuracy checks every solve of this layer goes through, host and device. */
    SolutionCheck solutionCheck() {
        return check;
    }

    @Override
    public String toString() {
        return "SoftCut(" + solver + (solver == Solver.EXACT ? "" : ", " + stoppingRule) + ")";
    }

    /** Options of a {@link SoftCut}. */
    public static final class Builder {
        private Solver solver = Solver.CG;
        private StoppingRule rule = StoppingRule.softCutThesis().throwingIfNotConverged();

        private Builder() {
        }

        /** The solver, {@link Solver#CG} by default. */
        public Builder solver(Solver s) {
            if (s == null) {
                throw new IllegalArgumentException("solver must not be null");
            }
            this.solver = s;
            return this;
        }

        /**
         * The absolute tolerance of the stopping rule; with the default (the thesis's) rule: stop when the mean
         * absolute residual {@code sum |r| / n} is at most {@code meanAbsoluteResidual} (default {@code 1e-6}).
         */
        public Builder tolerance(double meanAbsoluteResidual) {
            this.rule = rule.withAbsoluteTolerance(meanAbsoluteResidual);
            return this;
        }

        /** The iteration cap of the iterative solvers (default {@value StoppingRule#DEFAULT_MAX_ITERATIONS}). */
        public Builder maxIterations(int cap) {
            this.rule = rule.withMaxIterations(cap);
            return this;
        }

        /**
         * Accept a solve that reached the iteration cap, as the thesis does (its rule,
         * {@link StoppingRule#softCutThesis()}, returns the last iterate after 10,000 iterations): the layer then
         * logs one warning, the first time, instead of throwing a {@code NotConvergedException}.
         */
        public Builder warnIfNotConverged() {
            this.rule = rule.reportingIfNotConverged();
            return this;
        }

        /**
         * Any stopping rule, replacing the thesis's; its {@link StoppingRule#throwIfNotConverged()} chooses between
         * throwing and one warning per layer ({@code SoftCut.builder().stoppingRule(StoppingRule.softCutThesis())}
         * is the thesis's rule exactly, made to warn).
         */
        public Builder stoppingRule(StoppingRule r) {
            if (r == null) {
                throw new IllegalArgumentException("stopping rule must not be null");
            }
            this.rule = r;
            return this;
        }

        /** The layer. */
        public SoftCut build() {
            return new SoftCut(solver, rule);
        }
    }
}
