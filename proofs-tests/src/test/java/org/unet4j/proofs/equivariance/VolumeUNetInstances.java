package org.unet4j.proofs.equivariance;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Random volumetric U-Net instances for the equivariance properties in d = 3 (Rumberger et al., ICCV 2021, whose
 * statements hold in any d): inputs [1, 1, D, H, W], l down-samplings by the per-axis factors (f_1, f_2, f_3) at
 * every level, 3x3x3 convolutions, no normalisation, leaky ReLU, nearest or transposed up-sampling, float64, weights
 * and biases drawn from N(0, 0.5^2), as {@link UNetInstances} in 1-D and 2-D. The period along axis a is f_a^l; a
 * factor 1 along an axis (thick slices: (1, 2, 2)) keeps that axis's size at every level, so its period is 1.
 *
 * @param factors     the down-sampling factors (depth, height, width) of every level, each &gt;= 1, one &gt;= 2
 * @param l           down-samplings, the paper's l
 * @param filters     channels of the finest level; every coarser level has twice as many
 * @param convs       3x3x3 convolutions per block
 * @param upsampling  fixed or learnt up-sampling
 * @param outChannels output channels (the embedding dimension)
 * @param seed        weights seed
 */
record VolumeUNetInstances(int[] factors, int l, int filters, int convs, UpsamplingMode upsampling, int outChannels,
        long seed) {

    /** The period f_a^l of the equivariance along each axis. */
    int[] periods() {
        return Arrays.stream(factors).map(f -> (int) Math.round(Math.pow(f, l))).toArray();
    }

    /** The number f_1^l f_2^l f_3^l of residues of a position modulo the periods. */
    int capacity() {
        return Arrays.stream(periods()).reduce(1, (a, b) -> a * b);
    }

    /**
     * Isotropic (2, 2, 2) and anisotropic (1, 2, 2), (2, 2, 1) factors with l in 1..2, and (3, 3, 3), (1, 3, 3) with
     * l = 1; 1..2 filters, 1..2 3x3x3 convolutions per block, either up-sampling, 1..3 output channels.
     */
    static Arbitrary<VolumeUNetInstances> small() {
        Arbitrary<int[]> factorsAndLevels = Arbitraries.of(new int[] {2, 2, 2, 1}, new int[] {2, 2, 2, 2},
                new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 2}, new int[] {2, 2, 1, 2}, new int[] {3, 3, 3, 1},
                new int[] {1, 3, 3, 1});
        return Combinators.combine(factorsAndLevels, Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(1, 2), Arbitraries.of(UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED),
                Arbitraries.integers().between(1, 3), Arbitraries.longs()).as((fl, c, k, up, out, seed) ->
                        new VolumeUNetInstances(Arrays.copyOf(fl, 3), fl[3], c, k, up, out, seed));
    }

    /** The network with the given padding, in float64, in eval mode. */
    UNet build(ConvPadding padding) {
        int[] perLevel = new int[l + 1];
        for (int i = 0; i <= l; i++) {
            perLevel[i] = filters << Math.min(i, 1);
        }
        UNet net = UNet.builder().spatialDims(3).inChannels(1).outChannels(outChannels).levels(l + 1)
                .factor(factors).filters(perLevel).convsPerLevel(convs).kernel(3).padding(padding).norm(Norm.NONE)
                .activation(Activation.LEAKY_RELU).upsampling(upsampling).seed(seed).build();
        SplittableRandom rng = new SplittableRandom(seed);
        net.namedParameters().values().forEach(p -> p.set(Tensor.randn(rng, DType.FLOAT64, p.shape().dims())
                .mul(0.5).detach()));
        net.eval();
        return net;
    }

    /** Per axis, the smallest valid input size of {@code net} whose output has at least {@code out[a]} voxels. */
    static int[] inputWithOutputAtLeast(UNet net, int... out) {
        UNetGeometry g = net.geometry();
        int[] sides = new int[3];
        for (int a = 0; a < 3; a++) {
            sides[a] = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(g.forAxis(a), out[a]);
        }
        return sides;
    }

    @Override
    public String toString() {
        return "3-D U-Net[l=" + l + ", factors " + Arrays.toString(factors).replace('[', '(').replace(']', ')')
                + ", filters " + filters + ", " + convs + " conv(s)/block, " + upsampling + ", out " + outChannels
                + ", seed " + seed + "]";
    }
}
