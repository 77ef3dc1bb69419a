package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * A relaxed graph cut for multiclass segmentation as the SoftCut thesis builds it (Bonfiglio 2022, Section 3,
 * "Network architecture", and Experiment 10, Table 17): the cut layer is repeated for each class channel, a
 * background class is added, and a softmax over the class axis replaces the binary sigmoid,
 * <pre>
 *   x^k = cut(p^k, w^k)  for every class k = 0..K-1 (background included),     q = softmax_k(x),
 *   label_i = argmax_k x^k_i.
 * </pre>
 * The cut is {@link SoftCut} ({@code (I + L_w) x^k = p^k}) or the Djolonga-Krause baseline
 * {@link SubmodularTotalVariation} (the table's "Submodular (+ isotonic)" row). The thesis does not say whether the
 * classes share the edge weights: both are accepted, weights of channel size 1 being shared by all classes (their
 * gradient is the sum over classes) and weights of channel size {@code K} being per class. With shared weights and
 * {@link SoftCut} on the host, each sample's matrix is prepared once for its {@code K} right-hand sides (one sparse
 * Cholesky factor for {@link SoftCut.Solver#EXACT}, forward and adjoint; see {@code SharedWeightsSoftCut}); other
 * cases solve every class on its own (no block CG). Inference is the argmax of the relaxed outputs: the thesis's max-flow
 * experiments (8, 9) are binary, and it uses no multi-label cut such as alpha-expansion.
 *
 * <pre>{@code
 * var cut = MulticlassCut.of(SoftCut.create());               // scores N x K x h x w, weights N x 1 x ... shared
 * Tensor q = cut.probabilities(scores, List.of(vertical, horizontal));
 * Tensor labels = MulticlassCut.labels(cut.apply(scores, List.of(vertical, horizontal)));
 * }</pre>
 */
public final class MulticlassCut implements RelaxedCut {
    private final RelaxedCut cut;

    private MulticlassCut(RelaxedCut cut) {
        this.cut = cut;
    }

    /** The given binary cut ({@link SoftCut} or {@link SubmodularTotalVariation}) on every class channel. */
    public static MulticlassCut of(RelaxedCut cut) {
        if (cut == null) {
            throw new IllegalArgumentException("the multiclass cut needs a binary cut layer, e.g. SoftCut.create()");
        }
        return new MulticlassCut(cut);
    }

    /**
     * The relaxed per-class outputs {@code x^k}, {@code N x K x spatial}: the logits of {@link #probabilities}, and
     * what a cross-entropy loss takes.
     *
     * @param scores  {@code N x K x n_0 x ... x n_(d-1)} with {@code K >= 2} classes, the background one included
     * @param weights one tensor per spatial axis, of channel size 1 (shared by the classes) or {@code K}; otherwise
     *                shaped as {@link SoftCut} requires
     * @throws IllegalArgumentException with fewer than two classes or a weight tensor of another channel size, and
     *                                  for everything the cut itself rejects
     */
    @Override
    public Tensor apply(Tensor scores, List<Tensor> weights) {
        if (scores.shape().rank() < 3 || scores.dims()[1] < 2) {
            throw new IllegalArgumentException("multiclass cut scores must be N x K x spatial with K >= 2 classes "
                    + "(the background class included), got shape " + scores.shape() + "; for one class use the "
                    + "binary layer with a sigmoid");
        }
        int classes = scores.dims()[1];
        if (cut instanceof SoftCut softCut && scores.device() == Device.CPU && shared(weights, scores)) {
            return SharedWeightsSoftCut.apply(softCut, scores, weights);
        }
        List<Tensor> perClass = new ArrayList<>(weights.size());
        for (int k = 0; k < weights.size(); k++) {
            Tensor w = weights.get(k);
            if (w == null || w.shape().rank() != scores.shape().rank()) {
                perClass.add(w);
                continue;
            }
            int channels = w.dims()[1];
            if (channels != 1 && channels != classes) {
                throw new IllegalArgumentException("edge weights of axis " + k + " have shape " + w.shape() + ": "
                        + "their channel size must be 1 (shared by the classes) or the number of classes " + classes
                        + ", got " + channels);
            }
            int[] expanded = w.dims();
            expanded[1] = classes;
            perClass.add(channels == 1 ? w.expand(expanded) : w);
        }
        return cut.apply(scores, perClass);
    }

    private static boolean shared(List<Tensor> weights, Tensor scores) {
        for (Tensor w : weights) {
            if (w == null || w.shape().rank() != scores.shape().rank() || w.dim(1) != 1) {
                return false;
            }
        }
        return !weights.isEmpty();
    }

    /** {@code softmax} over the class axis of {@link #apply}: per-pixel class probabilities. */
    public Tensor probabilities(Tensor scores, List<Tensor> weights) {
        return apply(scores, weights).softmax(1);
    }

    /**
     * The class of every point, {@code argmax_k} over axis 1 (the first class on ties), as {@code N x 1 x spatial}
     * class indices in the dtype of {@code classScores}; no gradient.
     */
    public static Tensor labels(Tensor classScores) {
        int[] dims = classScores.dims();
        if (dims.length < 3) {
            throw new IllegalArgumentException("labels need N x K x spatial class scores, got shape "
                    + classScores.shape());
        }
        int classes = dims[1];
        int points = classScores.size() / (dims[0] * classes);
        double[] x = classScores.toDoubleArray();
        double[] labels = new double[dims[0] * points];
        for (int n = 0; n < dims[0]; n++) {
            for (int i = 0; i < points; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (x[(n * classes + k) * points + i] > x[(n * classes + best) * points + i]) {
                        best = k;
                    }
                }
                labels[n * points + i] = best;
            }
        }
        int[] out = dims.clone();
        out[1] = 1;
        return Tensor.wrap(labels, out).to(classScores.dtype()).to(classScores.device());
    }

    @Override
    public String toString() {
        return "MulticlassCut(" + cut + " per class, softmax over classes)";
    }
}
