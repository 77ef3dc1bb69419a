package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.List;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;

/**
 * The shapes of one SoftCut call, checked: scores {@code P} of shape {@code N x C x n_0 x ... x n_(d-1)} and, for
 * every spatial axis {@code k}, edge weights {@code E^k} of shape {@code N x C x n_0 x ... x (n_k - 1) x ... x
 * n_(d-1)} (Bonfiglio, <i>SoftCut</i>, MSc thesis 2022, eq. 22-23; in 2-D {@code E^0} is the thesis's column-edge
 * matrix {@code C} and {@code E^1} its row-edge matrix {@code R}, Figure 7). Every pair (sample, channel) is one
 * independent system; system {@code s = n C + c} owns the contiguous slice {@code [s S, (s + 1) S)} of the scores
 * ({@code S = n_0 ... n_(d-1)}) and {@code [s S_k, (s + 1) S_k)} of {@code E^k} ({@code S_k = S (n_k - 1) / n_k}),
 * both row-major like {@link org.unet4j.solvers.linear.GridLaplacianSystem}.
 */
final class SoftCutGeometry {
    private final int[] sizes;
    private final int systems;
    private final int points;
    private final int[] edges;

    private SoftCutGeometry(int[] sizes, int systems) {
        this.sizes = sizes;
        this.systems = systems;
        int count = 1;
        for (int size : sizes) {
            count *= size;
        }
        this.points = count;
        this.edges = new int[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            edges[k] = count / sizes[k] * (sizes[k] - 1);
        }
    }

    /**
     * Checks the shapes of scores and weights.
     *
     * @throws IllegalArgumentException if the scores have fewer than three axes, the number of weight tensors is not
     *                                  the number of spatial axes, a weight tensor has the wrong shape (the message
     *                                  names both shapes and the expected {@code n_k - 1} size) or lives on another
     *                                  device than the scores
     */
    static SoftCutGeometry of(Tensor scores, List<Tensor> weights) {
        Shape p = scores.shape();
        if (p.rank() < 3) {
            throw new IllegalArgumentException("SoftCut scores must be N x C x spatial (rank >= 3), got shape " + p);
        }
        int d = p.rank() - 2;
        if (weights.size() != d) {
            throw new IllegalArgumentException("scores of shape " + p + " have " + d + " spatial axes and need " + d
                    + " edge-weight tensors (one per axis), got " + weights.size());
        }
        for (int k = 0; k < d; k++) {
            int[] expected = p.dims();
            expected[2 + k] -= 1;
            Tensor w = weights.get(k);
            if (w == null || !Arrays.equals(w.dims(), expected)) {
                throw new IllegalArgumentException("edge weights of axis " + k + " have shape "
                        + (w == null ? "null" : w.shape()) + " but scores of shape " + p + " need "
                        + Arrays.toString(expected) + " (size n_" + k + " - 1 = " + expected[2 + k] + " along axis "
                        + (2 + k) + ")");
            }
            if (w.device() != scores.device()) {
                throw new IllegalArgumentException("edge weights of axis " + k + " are on " + w.device()
                        + " but the scores are on " + scores.device() + "; move them with to(device)");
            }
        }
        return new SoftCutGeometry(Arrays.copyOfRange(p.dims(), 2, p.rank()), p.dim(0) * p.dim(1));
    }

    /**
     * Checks that every weight is finite and {@code >= 0} (Theorem 2.2 needs it).
     *
     * @throws IllegalArgumentException naming the axis, the full tensor index and the value of the first bad weight
     */
    static void requireAdmissible(int axis, Tensor tensor, double[] values) {
        for (int i = 0; i < values.length; i++) {
            double w = values[i];
            if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("SoftCut edge weight of axis " + axis + " at index "
                        + Arrays.toString(unravel(i, tensor.dims())) + " is " + w + "; edge weights must be finite "
                        + "and >= 0 (use SoftCut.fromLogits to put softplus in front)");
            }
        }
    }

    /**
     * The weights of every axis as host arrays, each checked by {@link #requireAdmissible}.
     *
     * @throws IllegalArgumentException naming the axis, index and value of the first bad weight
     */
    static double[][] admissibleWeights(List<Tensor> weights) {
        double[][] w = new double[weights.size()][];
        for (int k = 0; k < w.length; k++) {
            w[k] = weights.get(k).toDoubleArray();
            requireAdmissible(k, weights.get(k), w[k]);
        }
        return w;
    }

    /** Fails on the first NaN or infinite score, naming its index and value. */
    static void requireFiniteScores(Tensor scores, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("SoftCut score at index " + Arrays.toString(unravel(i, scores.dims()))
                        + " is " + values[i] + "; scores must be finite (a NaN or infinite score spreads to the whole "
                        + "connected grid through the solve): find the op that produced it, e.g. with "
                        + "Autograd.detectAnomalies(true)");
            }
        }
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
        return index;
    }

    /** The spatial sizes {@code n_0, ..., n_(d-1)} (a copy). */
    int[] sizes() {
        return sizes.clone();
    }

    /** Number of spatial axes {@code d}. */
    int dimensions() {
        return sizes.length;
    }

    /** Number of independent systems {@code N C}. */
    int systems() {
        return systems;
    }

    /** Grid points per system {@code S}. */
    int points() {
        return points;
    }

    /** Edges along {@code axis} per system {@code S_k}. */
    int edges(int axis) {
        return edges[axis];
    }

    /** Zeroed per-axis arrays with one entry per edge of every system ({@code N C S_k} along axis k), e.g. dL/dw. */
    double[][] newEdgeArrays() {
        double[][] out = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            out[k] = new double[systems * edges[k]];
        }
        return out;
    }

    /** A cut's inputs as the tape records them: the scores, then the weights of every axis. */
    static Tensor[] tapeInputs(Tensor scores, List<Tensor> weights) {
        Tensor[] inputs = new Tensor[weights.size() + 1];
        inputs[0] = scores;
        for (int k = 0; k < weights.size(); k++) {
            inputs[k + 1] = weights.get(k);
        }
        return inputs;
    }

    /** {@code dL/dp} and every axis's {@code dL/dw} as tensors of the shapes and dtypes of {@link #tapeInputs}. */
    static Tensor[] gradients(double[] dp, double[][] dw, Tensor[] inputs) {
        Tensor[] grads = new Tensor[dw.length + 1];
        grads[0] = Tensor.wrap(dp, inputs[0].dims()).to(inputs[0].dtype());
        for (int k = 0; k < dw.length; k++) {
            grads[k + 1] = Tensor.wrap(dw[k], inputs[k + 1].dims()).to(inputs[k + 1].dtype());
        }
        return grads;
    }

    /** The slice of one system out of a flat per-axis weight array. */
    double[][] systemWeights(double[][] all, int system) {
        double[][] out = new double[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            out[k] = Arrays.copyOfRange(all[k], system * edges[k], (system + 1) * edges[k]);
        }
        return out;
    }

    /** The slice of one system out of a flat score-shaped array. */
    double[] systemPoints(double[] all, int system) {
        return Arrays.copyOfRange(all, system * points, (system + 1) * points);
    }
}
