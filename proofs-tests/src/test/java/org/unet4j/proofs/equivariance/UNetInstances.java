package org.unet4j.proofs.equivariance;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Random U-Net instances for the equivariance properties (Rumberger et al., ICCV 2021) in d = 1 or 2 spatial
 * dimensions: l = levels - 1 down-samplings by f, 3x3 convolutions (1 x 3 in 1-D), no normalisation (so the network
 * is a fixed function of its input), leaky ReLU (so no region is flattened to zero), fixed (nearest) or learnt
 * (transposed) up-sampling, float64, weights and biases drawn from N(0, 0.5^2).
 *
 * @param d           spatial dimensions, the paper's d
 * @param l           down-samplings, the paper's l
 * @param f           the pooling factor
 * @param filters     channels of the finest level (doubling per level)
 * @param convs       3x3 convolutions per block
 * @param upsampling  fixed or learnt up-sampling
 * @param outChannels output channels (the embedding dimension)
 * @param seed        weights seed
 */
record UNetInstances(int d, int l, int f, int filters, int convs, UpsamplingMode upsampling, int outChannels,
        long seed) {

    /** f^l, the period of the equivariance. */
    int period() {
        return (int) Math.round(Math.pow(f, l));
    }

    /**
     * Instances with d in 1..2, l in 1..3 and f in 2..3, except f = 3 with l = 3 (f^l at most 8 or 9 keeps images
     * small).
     */
    static Arbitrary<UNetInstances> small() {
        Arbitrary<int[]> shape = Arbitraries.of(new int[] {1, 2}, new int[] {2, 2}, new int[] {3, 2}, new int[] {1, 3},
                new int[] {2, 3});
        return Combinators.combine(Arbitraries.integers().between(1, 2), shape, Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 2), Arbitraries.of(UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED),
                Arbitraries.integers().between(1, 3), Arbitraries.longs()).as((d, lf, c, k, up, out, seed) ->
                        new UNetInstances(d, lf[0], lf[1], c, k, up, out, seed));
    }

    /** The network with the given padding, in float64, in eval mode. */
    UNet build(ConvPadding padding) {
        int[] perLevel = new int[l + 1];
        for (int i = 0; i <= l; i++) {
            perLevel[i] = filters << Math.min(i, 1);
        }
        UNet net = UNet.builder().spatialDims(d).inChannels(1).outChannels(outChannels).levels(l + 1).factor(f)
                .filters(perLevel).convsPerLevel(convs).kernel(3).padding(padding).norm(Norm.NONE)
                .activation(Activation.LEAKY_RELU).upsampling(upsampling).seed(seed).build();
        SplittableRandom rng = new SplittableRandom(seed);
        net.namedParameters().values().forEach(p -> p.set(Tensor.randn(rng, DType.FLOAT64, p.shape().dims())
                .mul(0.5).detach()));
        net.eval();
        return net;
    }

    /** A random image of side {@code size} along each of the d axes. */
    Tensor randomImage(long imageSeed, int size) {
        return Windows.randomImage(imageSeed, size, d);
    }

    @Override
    public String toString() {
        return d + "-D U-Net[l=" + l + ", f=" + f + ", filters " + filters + ", " + convs + " conv(s)/block, "
                + upsampling + ", out " + outChannels + ", seed " + seed + "]";
    }
}
