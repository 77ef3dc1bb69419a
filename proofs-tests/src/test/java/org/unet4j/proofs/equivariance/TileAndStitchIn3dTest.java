package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Tile-and-stitch equals whole-volume inference: Rumberger et al., ICCV 2021, Corollary 4 in d = 3 with per-axis
 * factors.
 *
 * <p><b>Statement.</b> With valid padding and output tiles whose side along axis a is a multiple of f_a^l,
 * tile-and-stitch inference of a volume equals the output on the whole volume.
 *
 * <p><b>Reproduction</b> ({@link VolumeUNetInstances}). A random volume whose output holds at least two tiles and a
 * remainder along each axis, {@link Tiler} with cubic output tiles of n max_a f_a^l, n in 1..2 (a multiple of every
 * axis's period, the factors being powers of one f or 1): the stitched output equals the whole output bit for bit.
 * Counterexamples, isotropic and anisotropic: tiles of max_a f_a^l + 1 (the tiler warns), and SAME padding with
 * tiles of 2 max_a f_a^l, each differ from the whole output.
 */
class TileAndStitchIn3dTest {

    @Provide
    Arbitrary<VolumeUNetInstances> instances() {
        return VolumeUNetInstances.small();
    }

    @Property(tries = 5)
    void tilesOfMultiplesOfEveryPeriodStitchExactly(@ForAll("instances") VolumeUNetInstances instance,
            @ForAll @IntRange(min = 1, max = 2) int n) {
        UNet net = instance.build(ConvPadding.VALID);
        int tile = n * Arrays.stream(instance.periods()).max().getAsInt();
        Tensor volume = Windows.randomImage(instance.seed(), VolumeUNetInstances.inputWithOutputAtLeast(net,
                2 * tile + 1, 2 * tile + 1, 2 * tile + 1));
        Tiler tiler = Tiler.of(net, tile);
        assertTrue(tiler.warning().isEmpty(), tiler.warning().orElse(""));
        Tensor whole = Windows.run(net, volume);
        Tensor stitched = tiler.apply(volume);
        assertEquals(whole.shape(), stitched.shape());
        assertEquals(0.0, stitched.sub(whole).abs().max().item(), instance + ", tiles " + tile);
    }

    @Example
    void tilesOffThePeriodGiveACounterexample() {
        for (int[] factors : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
            VolumeUNetInstances instance = new VolumeUNetInstances(factors, 2, 2, 1, UpsamplingMode.TRANSPOSED, 2,
                    17);
            UNet net = instance.build(ConvPadding.VALID);
            int tile = Arrays.stream(instance.periods()).max().getAsInt() + 1;
            Tensor volume = Windows.randomImage(2, VolumeUNetInstances.inputWithOutputAtLeast(net, 3 * tile,
                    3 * tile, 3 * tile));
            Tiler tiler = Tiler.of(net, tile);
            assertTrue(tiler.warning().isPresent());
            double difference = tiler.apply(volume).sub(Windows.run(net, volume)).abs().max().item();
            assertTrue(difference > 1e-3, instance + ": tiles of " + tile + " should break the stitching, difference "
                    + difference);
        }
    }

    @Example
    void samePaddingGivesACounterexample() {
        for (int[] factors : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
            VolumeUNetInstances instance = new VolumeUNetInstances(factors, 2, 2, 1, UpsamplingMode.NEAREST, 2, 19);
            UNet net = instance.build(ConvPadding.SAME);
            int tile = 2 * Arrays.stream(instance.periods()).max().getAsInt();
            Tensor volume = Windows.randomImage(3, new int[] {2 * tile, 2 * tile, 2 * tile});
            Tiler tiler = Tiler.of(net, tile);
            assertTrue(tiler.warning().isEmpty());
            double difference = tiler.apply(volume).sub(Windows.run(net, volume)).abs().max().item();
            assertTrue(difference > 1e-3, instance + ": SAME padding should break the stitching, difference "
                    + difference);
        }
    }
}
