package org.unet4j.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The deep-supervision loss of nnU-Net (Isensee et al., 2021) and MONAI's {@code DeepSupervisionLoss}: a network's
 * head output o_0 and side outputs o_1, ..., o_{K-1} (coarser and coarser) are each scored against the one target
 * y by a base loss L, and the scores are summed with weights halving per output, normalised to sum 1:
 * <pre>
 *   loss = sum_i w_i L(up(o_i), y),   w_i = 2^-i / sum_j 2^-j   (i = 0..K-1)
 * </pre>
 * Reading taken: every output is up-sampled to the target's size by nearest neighbour ({@code up}; MONAI's
 * {@code DeepSupervisionLoss} and DynUNet do this) rather than the target down-sampled to each output's size
 * (nnU-Net's way); the weights are nnU-Net's 2^-i normalised to sum 1, where MONAI's default "exp" mode takes
 * max(2^-i, 1/16) unnormalised (the same ratios for up to five outputs, a constant factor apart) and nnU-Net v1
 * also gives the coarsest output weight 0 (not done here). Outputs come as a list or stacked along axis 1
 * ([N, K, C, spatial...], MONAI's DynUNet training output); a tensor of the target's rank is a single output, for
 * which the loss is L itself (the validation pass, which sees the head only).
 *
 * <pre>{@code
 * DeepSupervisionLoss ds = new DeepSupervisionLoss(Losses::bceWithLogits);
 * Tensor loss = ds.apply(net.stackedDeepSupervision(x), masks);
 * }</pre>
 */
public final class DeepSupervisionLoss {
    private final BinaryOperator<Tensor> base;

    /** The deep-supervision loss over {@code base}, a loss of (output, target) such as {@code Losses::dice}. */
    public DeepSupervisionLoss(BinaryOperator<Tensor> base) {
        if (base == null) {
            throw new IllegalArgumentException("a deep-supervision loss needs its base loss, e.g. "
                    + "Losses::bceWithLogits");
        }
        this.base = base;
    }

    /** The weights w_0, ..., w_{K-1} of K outputs: 2^-i normalised to sum 1 (one output: 1). */
    public static double[] weights(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("deep supervision needs at least one output, got " + outputs);
        }
        double[] w = new double[outputs];
        double sum = 0;
        for (int i = 0; i < outputs; i++) {
            w[i] = Math.pow(2, -i);
            sum += w[i];
        }
        for (int i = 0; i < outputs; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /**
     * The loss of {@code outputs} against {@code target}: stacked outputs [N, K, C, spatial...] when their rank is
     * the target's plus one, else one output of the target's shape, scored by the base loss alone.
     */
    public Tensor apply(Tensor outputs, Tensor target) {
        if (outputs.rank() == target.rank()) {
            return base.apply(outputs, target);
        }
        if (outputs.rank() != target.rank() + 1) {
            throw new IllegalArgumentException("deep supervision takes outputs stacked along axis 1, of rank "
                    + (target.rank() + 1) + " for targets " + target.shape() + ", or one output of the target's "
                    + "rank; got " + outputs.shape());
        }
        List<Tensor> list = new ArrayList<>();
        for (int i = 0; i < outputs.dim(1); i++) {
            list.add(outputs.slice(1, i, i + 1).squeeze(1));
        }
        return apply(list, target);
    }

    /** The loss of the head output then the side outputs, finest first, against {@code target}. */
    public Tensor apply(List<Tensor> outputs, Tensor target) {
        double[] w = weights(outputs.size());
        Tensor sum = null;
        for (int i = 0; i < outputs.size(); i++) {
            Tensor term = base.apply(upTo(outputs.get(i), target), target).mul(w[i]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** {@code o} up-sampled by nearest neighbour to the spatial size of {@code target} (itself when equal). */
    private static Tensor upTo(Tensor o, Tensor target) {
        int rank = o.rank();
        boolean ok = rank == target.rank() && rank >= 3 && rank <= 5 && o.dim(0) == target.dim(0)
                && o.dim(1) == target.dim(1);
        boolean same = true;
        for (int a = 2; ok && a < rank; a++) {
            ok = o.dim(a) >= 1 && o.dim(a) <= target.dim(a);
            same &= o.dim(a) == target.dim(a);
        }
        if (!ok) {
            throw new IllegalArgumentException("each deep-supervision output must be [N, C, spatial...] with the "
                    + "target's N, C and rank and spatial sizes no larger than the target's " + target.shape()
                    + ", got " + o.shape());
        }
        if (same) {
            return o;
        }
        return switch (rank) {
            case 3 -> Upsampling.nearestToSize(o.unsqueeze(2), 1, target.dim(2)).squeeze(2);
            case 4 -> Upsampling.nearestToSize(o, target.dim(2), target.dim(3));
            default -> Upsampling.nearest3dToSize(o, target.dim(2), target.dim(3), target.dim(4));
        };
    }

    @Override
    public String toString() {
        return "DeepSupervisionLoss[weights 2^-i normalised, outputs up-sampled (nearest) to the target]";
    }
}
