package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Upsample;

/**
 * The upward half of a small U-Net: from the bottleneck, at each finer level a nearest {@code x2} upsampling, a
 * {@code 1 x 1} convolution to that level's channels, concatenation with the level's skip and two {@code 3 x 3}
 * convolutions with ReLU. Returns the finest features ({@code filters[0]} channels, input resolution).
 */
final class UNetDecoder extends Module {
    private final List<Conv2d> reduce = new ArrayList<>();
    private final List<Module> blocks = new ArrayList<>();
    private final Upsample up = Upsample.nearest(2);

    UNetDecoder(int[] filters, SplittableRandom rng) {
        for (int l = filters.length - 2; l >= 0; l--) {
            reduce.add(registerChild("reduce" + l, Conv2d.builder(filters[l + 1], filters[l], 1).build(rng)));
            blocks.add(registerChild("block" + l, UNetEncoder.doubleConv(2 * filters[l], filters[l], rng)));
        }
    }

    /** Decodes the bottleneck alone (a one-level U-Net has no skips). */
    @Override
    public Tensor forward(Tensor bottleneck) {
        return decode(List.of(bottleneck));
    }

    /** Decodes encoder features given finest first, the bottleneck last. */
    Tensor decode(List<Tensor> features) {
        Tensor x = features.get(features.size() - 1);
        for (int i = 0; i < blocks.size(); i++) {
            Tensor skip = features.get(features.size() - 2 - i);
            Tensor u = reduce.get(i).forward(up.forward(x));
            x = blocks.get(i).forward(Tensor.concat(1, skip, u));
        }
        return x;
    }
}
