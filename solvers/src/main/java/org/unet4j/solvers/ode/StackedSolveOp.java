package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.BackwardRule;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;

/**
 * A tensor solve recorded on the tape as one op, for the gradient modes that differentiate it themselves: the op's
 * output is the states at the requested times stacked along a new first axis, its inputs are z(t_0) and the
 * parameters, and the gradient its backward rule receives holds dL/dz(t_i) in row i. The states handed to the
 * caller are rows of that output, so every use of them reaches the op.
 */
final class StackedSolveOp {
    private StackedSolveOp() {
    }

    /** Records the op; returns its output, the stacked states. */
    static Tensor record(String name, List<Tensor> states, BackwardRule rule, Tensor y0, List<Tensor> parameters) {
        Tensor stacked;
        try (NoGrad scope = Autograd.noGrad()) {
            stacked = Tensor.stack(states, 0);
        }
        Tensor[] inputs = new Tensor[1 + parameters.size()];
        inputs[0] = y0;
        for (int i = 0; i < parameters.size(); i++) {
            inputs[1 + i] = parameters.get(i);
        }
        return Autograd.record(name, stacked, rule, inputs);
    }

    /** The rows of {@code stacked}, each shaped {@code dims}. */
    static List<Tensor> rows(Tensor stacked, int[] dims) {
        List<Tensor> rows = new ArrayList<>(stacked.dim(0));
        for (int i = 0; i < stacked.dim(0); i++) {
            rows.add(row(stacked, i, dims));
        }
        return rows;
    }

    /** Row {@code i} of {@code stacked}, shaped {@code dims}. */
    static Tensor row(Tensor stacked, int i, int[] dims) {
        return stacked.slice(0, i, i + 1).reshape(dims);
    }
}
