package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * U2Net's residual U-block (Qin et al., Pattern Recognition 2020, Section 3.1; {@code RSU-L} and {@code RSU-4F} of
 * the authors' {@code u2net.py}): a small U-Net on the features of an input convolution, added back to them,
 * <pre>
 *   h = conv_in(x),   y = h + U(h)
 * </pre>
 * every convolution a REBNCONV (3x3 with dilation d and padding d, batch norm, ReLU). RSU-L: U has L - 1 encoder
 * levels (max-pooled by 2 between them, the last not pooled), a bottom convolution of dilation 2, decoders on
 * [up-sampled, skip] (bilinear x2) back to {@code out} channels. RSU-4F keeps the resolution: dilations 1, 2, 4 in
 * the encoder, 8 at the bottom, 4, 2, 1 in the decoder. Both are configurations of the one topology. Inputs of
 * RSU-L need H and W divisible by 2^(L-2).
 */
final class ResidualUBlock extends Module {
    private final Module convIn;
    private final UNetModules inner;
    private final String kind;

    private ResidualUBlock(String kind, Module convIn, UNetTopology topology) {
        this.kind = kind;
        this.convIn = registerChild("rebnconvin", convIn);
        this.inner = topology.build(this::registerChild);
    }

    /** RSU-L from {@code in} to {@code out} channels through {@code mid}; L in 3..7 as in the paper (4..7). */
    static ResidualUBlock rsu(int height, int in, int mid, int out, SplittableRandom rng) {
        Module convIn = rebnconv(in, out, 1, rng);
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology.Builder t = UNetTopology.builder(space);
        int levels = height - 1;
        for (int i = 0; i < levels; i++) {
            int from = i == 0 ? out : mid;
            int to = i == 0 ? out : mid;
            int n = i + 1;
            UNetTopology.Level level = UNetTopology.level()
                    .encoder(Part.of("rebnconv" + n, () -> rebnconv(from, mid, 1, rng)))
                    .join(SkipJoin.concatUpFirst())
                    .decoder(Part.of("rebnconv" + n + "d", () -> rebnconv(2 * mid, to, 1, rng)));
            if (i < levels - 1) {
                level.down(Part.unnamed(space.maxPool(2))).up(Part.unnamed(space.linear(2)));
            }
            t.level(level);
        }
        t.bottleneck(Part.of("rebnconv" + height, () -> rebnconv(mid, mid, 2, rng)));
        return new ResidualUBlock("RSU-" + height, convIn, t.build());
    }

    /** RSU-4F: the dilated block that keeps the resolution. */
    static ResidualUBlock rsu4f(int in, int mid, int out, SplittableRandom rng) {
        Module convIn = rebnconv(in, out, 1, rng);
        UNetTopology.Builder t = UNetTopology.builder(SpatialLayers.of(2));
        for (int i = 0; i < 3; i++) {
            int from = i == 0 ? out : mid;
            int to = i == 0 ? out : mid;
            int n = i + 1;
            int d = 1 << i;
            t.level(UNetTopology.level()
                    .encoder(Part.of("rebnconv" + n, () -> rebnconv(from, mid, d, rng)))
                    .join(SkipJoin.concatUpFirst())
                    .decoder(Part.of("rebnconv" + n + "d", () -> rebnconv(2 * mid, to, d, rng))));
        }
        t.bottleneck(Part.of("rebnconv4", () -> rebnconv(mid, mid, 8, rng)));
        return new ResidualUBlock("RSU-4F", convIn, t.build());
    }

    private static Sequential rebnconv(int in, int out, int dilation, SplittableRandom rng) {
        return Sequential.of(Conv2d.builder(in, out, 3).padding(dilation).dilation(dilation).build(rng),
                new BatchNorm2d(out), new ReLU());
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = convIn.forward(x);
        return h.add(inner.decode(inner.encode(h)));
    }

    @Override
    protected String describe() {
        return kind;
    }
}
