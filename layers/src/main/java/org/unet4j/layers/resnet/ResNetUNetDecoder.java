package org.unet4j.layers.resnet;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.UNetModules;

/**
 * segmentation_models_pytorch's U-Net decoder on a {@link ResNetEncoder}'s features, the decoder half of the same
 * topology: five blocks, coarsest first, each a nearest x2 up-sampling, the concatenation [up-sampled, skip] (the
 * finest block has no skip) and two 3x3 conv-BN-ReLU to {@code decoderChannels[k]} channels. {@link #decode}
 * returns {@code N x decoderChannels[4] x H x W}; the head is the network's. With smp's widths (256, 128, 64, 32,
 * 16) it has 3,151,552 parameters on ResNet-18 and ResNet-34 alike, the thesis's "3M".
 */
public final class ResNetUNetDecoder extends Module {
    private final int[] channels;
    private final UNetModules modules;

    /** The decoder for {@code resnet}'s features with five widths, coarsest first; weights drawn from {@code rng}. */
    public ResNetUNetDecoder(ResNet resnet, int[] decoderChannels, SplittableRandom rng) {
        this.channels = ResNetUNetTopology.decoderChannels(decoderChannels);
        // the decoder half never builds the encoder, so the input channels given here do not matter
        this.modules = ResNetUNetTopology.of(resnet, 1, channels, rng).buildDecoder(this::registerChild);
    }

    /** The channels of its output, {@code decoderChannels[4]}. */
    public int outChannels() {
        return channels[4];
    }

    /** The finest decoder output from an encoder's skips and bottom (or their transposes). */
    public Tensor decode(UNetModules.Encoded features) {
        return modules.decode(features);
    }

    /** Decodes a bottom alone: not possible, the decoder needs the skips. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("the U-Net decoder needs the encoder's skips: call decode(encoder"
                + ".encode(images))");
    }
}
