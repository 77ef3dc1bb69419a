package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;

/**
 * The additive attention gate of Oktay et al., <i>Attention U-Net</i> (MIDL 2018), eq. 1-2, on a skip x and a gating
 * signal g of the same spatial size:
 * <pre>
 *   q = psi(relu(W_x x + W_g g)),   alpha = sigmoid(q),   out = alpha * x   (alpha broadcast over x's channels)
 * </pre>
 * with W_x, W_g 1x1 convolutions (bias) to {@code intermediate} channels each followed by a batch norm, and psi a 1x1
 * convolution to one channel followed by a batch norm, as in the widely used 2-D reading (LeeJunHyun/
 * Image_Segmentation, {@code Attention_block}); the gating signal there is the up-sampled decoder feature, so g
 * and x already share their size and no resampling of alpha is needed.
 */
public final class AttentionGate extends Module {
    private final int skipChannels;
    private final int gateChannels;
    private final int intermediate;
    private final Sequential wGate;
    private final Sequential wSkip;
    private final Sequential psi;

    /** A gate over a skip of {@code skipChannels}, gated by {@code gateChannels}, through {@code intermediate}. */
    public AttentionGate(int skipChannels, int gateChannels, int intermediate, SplittableRandom rng) {
        if (skipChannels < 1 || gateChannels < 1 || intermediate < 1) {
            throw new IllegalArgumentException("an attention gate needs positive channel counts, got skip "
                    + skipChannels + ", gate " + gateChannels + ", intermediate " + intermediate);
        }
        this.skipChannels = skipChannels;
        this.gateChannels = gateChannels;
        this.intermediate = intermediate;
        wGate = registerChild("W_g", Sequential.of(Conv2d.builder(gateChannels, intermediate, 1).build(rng),
                new BatchNorm2d(intermediate)));
        wSkip = registerChild("W_x", Sequential.of(Conv2d.builder(skipChannels, intermediate, 1).build(rng),
                new BatchNorm2d(intermediate)));
        psi = registerChild("psi", Sequential.of(Conv2d.builder(intermediate, 1, 1).build(rng), new BatchNorm2d(1)));
    }

    /** The attention coefficients alpha in (0, 1), shape [N, 1, H, W]. */
    public Tensor coefficients(Tensor skip, Tensor gate) {
        checkShapes(skip, gate);
        return psi.forward(wGate.forward(gate).add(wSkip.forward(skip)).relu()).sigmoid();
    }

    /** alpha * x: the skip with every pixel scaled by its attention coefficient. */
    public Tensor gate(Tensor skip, Tensor gate) {
        return skip.mul(coefficients(skip, gate));
    }

    /** The gate on [x, g] concatenated along the channels (skip first): alpha * x. */
    @Override
    public Tensor forward(Tensor skipAndGate) {
        if (skipAndGate.rank() != 4 || skipAndGate.dim(1) != skipChannels + gateChannels) {
            throw new IllegalArgumentException(label() + " takes [N, " + (skipChannels + gateChannels)
                    + ", H, W] (skip then gate along the channels), got " + skipAndGate.shape());
        }
        return gate(skipAndGate.slice(1, 0, skipChannels), skipAndGate.slice(1, skipChannels, skipChannels
                + gateChannels));
    }

    private void checkShapes(Tensor skip, Tensor gate) {
        if (skip.rank() != 4 || gate.rank() != 4 || skip.dim(1) != skipChannels || gate.dim(1) != gateChannels
                || skip.dim(0) != gate.dim(0) || skip.dim(2) != gate.dim(2) || skip.dim(3) != gate.dim(3)) {
            throw new IllegalArgumentException(label() + " needs a skip [N, " + skipChannels + ", H, W] and a gate [N, "
                    + gateChannels + ", H, W] of the same N, H, W; got " + skip.shape() + " and " + gate.shape());
        }
    }

    @Override
    protected String describe() {
        return "skip " + skipChannels + ", gate " + gateChannels + " -> " + intermediate + " -> 1";
    }
}
