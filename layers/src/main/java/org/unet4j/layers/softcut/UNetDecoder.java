package org.unet4j.layers.softcut;

import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.UNetModules;

/**
 * The upward half of a small U-Net: from the bottleneck, at each finer level a nearest {@code x2} upsampling, a
 * {@code 1 x 1} convolution to that level's channels, concatenation with the level's skip and two {@code 3 x 3}
 * convolutions with ReLU. Returns the finest features ({@code filters[0]} channels, input resolution). It is the
 * decoder half of {@link UNetEncoder#topology}.
 */
final class UNetDecoder extends Module {
    private final UNetModules modules;

    UNetDecoder(int[] filters, SplittableRandom rng) {
        this(2, filters, rng);
    }

    /** The decoder for features with {@code spatialDims} (2 or 3) spatial axes. */
    UNetDecoder(int spatialDims, int[] filters, SplittableRandom rng) {
        // the decoder half never builds the encoder, so the input channels given here do not matter
        modules = UNetEncoder.topology(spatialDims, filters[0], filters, rng).buildDecoder(this::registerChild);
    }

    /** Decodes the bottleneck alone (a one-level U-Net has no skips). */
    @Override
    public Tensor forward(Tensor bottleneck) {
        return decode(List.of(bottleneck));
    }

    /** Decodes encoder features given finest first, the bottleneck last. */
    Tensor decode(List<Tensor> features) {
        int last = features.size() - 1;
        return modules.decode(new UNetModules.Encoded(features.subList(0, last), features.get(last), List.of()));
    }
}
