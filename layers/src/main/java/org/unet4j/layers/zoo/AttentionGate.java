package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * The additive attention gate of Oktay et al., <i>Attention U-Net</i> (MIDL 2018), eq. 1-2, on a skip x and a gating
 * signal g of the same spatial size:
 * <pre>
 *   q = psi(relu(W_x x + W_g g)),   alpha = sigmoid(q),   out = alpha * x   (alpha broadcast over x's channels)
 * </pre>
 * with W_x, W_g 1x1 convolutions (bias) to {@code intermediate} channels each followed by a batch norm, and psi a 1x1
 * convolution to one channel followed by a batch norm, as in the widely used 2-D reading (LeeJunHyun/
 * Image_Segmentation, {@code Attention_block}); the gating signal there is the up-sampled decoder feature, so g
 * and x already share their size and no resampling of alpha is needed. In d spatial dimensions the convolutions are
 * 1 x 1 x 1 (3-D) or 1 (1-D) and the norms per-channel batch norms of that layout, which is MONAI's
 * {@code AttentionBlock} for {@code spatial_dims} = d.
 */
public final class AttentionGate extends Module {
    private final int skipChannels;
    private final int gateChannels;
    private final int intermediate;
    private final Sequential wGate;
    private final Sequential wSkip;
    private final Sequential psi;

    /** A 2-D gate over a skip of {@code skipChannels}, gated by {@code gateChannels}, through {@code intermediate}. */
    public AttentionGate(int skipChannels, int gateChannels, int intermediate, SplittableRandom rng) {
        this(SpatialLayers.of(2), skipChannels, gateChannels, intermediate, rng);
    }

    /** The gate in the layout of {@code space} (inputs in its internal layout, [N, C, 1, W] in 1-D). */
    public AttentionGate(SpatialLayers space, int skipChannels, int gateChannels, int intermediate,
            SplittableRandom rng) {
        if (skipChannels < 1 || gateChannels < 1 || intermediate < 1) {
            throw new IllegalArgumentException("an attention gate needs positive channel counts, got skip "
                    + skipChannels + ", gate " + gateChannels + ", intermediate " + intermediate);
        }
        this.skipChannels = skipChannels;
        this.gateChannels = gateChannels;
        this.intermediate = intermediate;
        wGate = registerChild("W_g", Sequential.of(space.convolution(gateChannels, intermediate, 1).build(rng),
                space.norm(Norm.BATCH, intermediate)));
        wSkip = registerChild("W_x", Sequential.of(space.convolution(skipChannels, intermediate, 1).build(rng),
                space.norm(Norm.BATCH, intermediate)));
        psi = registerChild("psi", Sequential.of(space.convolution(intermediate, 1, 1).build(rng),
                space.norm(Norm.BATCH, 1)));
    }

    /** The attention coefficients alpha in (0, 1), shape [N, 1, spatial...]. */
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
        if (skipAndGate.rank() < 4 || skipAndGate.dim(1) != skipChannels + gateChannels) {
            throw new IllegalArgumentException(label() + " takes [N, " + (skipChannels + gateChannels)
                    + ", spatial...] (skip then gate along the channels), got " + skipAndGate.shape());
        }
        return gate(skipAndGate.slice(1, 0, skipChannels), skipAndGate.slice(1, skipChannels, skipChannels
                + gateChannels));
    }

    private void checkShapes(Tensor skip, Tensor gate) {
        boolean same = skip.rank() >= 4 && skip.rank() == gate.rank() && skip.dim(1) == skipChannels
                && gate.dim(1) == gateChannels && skip.dim(0) == gate.dim(0);
        for (int a = 2; same && a < skip.rank(); a++) {
            same = skip.dim(a) == gate.dim(a);
        }
        if (!same) {
            throw new IllegalArgumentException(label() + " needs a skip [N, " + skipChannels + ", spatial...] and a "
                    + "gate [N, " + gateChannels + ", spatial...] of the same N and spatial size; got " + skip.shape()
                    + " and " + gate.shape());
        }
    }

    @Override
    protected String describe() {
        return "skip " + skipChannels + ", gate " + gateChannels + " -> " + intermediate + " -> 1";
    }
}
