package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Tile-and-stitch equals whole-image inference: Rumberger et al., ICCV 2021, Corollary 4.
 *
 * <p><b>Statement.</b> If valid padding and output tiles of size n f^l (n in N) are used, tile-and-stitch
 * inference is guaranteed not to cause inconsistencies: the stitched output equals the output on the whole image.
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2). Random valid-padding instances, a random signal or image whose output
 * holds at least two tiles and a remainder along each axis, {@link Tiler} with output tiles n f^l, n in 1..3: the
 * stitched output equals the whole-image output exactly (bit for bit). Counterexamples, in each dimension: output
 * tiles of f^l + 1 (the tiler warns), and SAME padding with tiles 2 f^l, each give a concrete instance where the
 * stitched output differs.
 */
class TileAndStitchTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 15)
    void tilesOfMultiplesOfThePeriodStitchExactly(@ForAll("instances") UNetInstances instance,
            @ForAll @IntRange(min = 1, max = 3) int n) {
        UNet net = instance.build(ConvPadding.VALID);
        int tile = n * instance.period();
        int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), 2 * tile + 1);
        Tensor image = instance.randomImage(instance.seed(), side);
        Tiler tiler = Tiler.of(net, tile);
        assertTrue(tiler.warning().isEmpty());
        Tensor whole = Windows.run(net, image);
        Tensor stitched = tiler.apply(image);
        assertEquals(whole.shape(), stitched.shape());
        assertEquals(0.0, stitched.sub(whole).abs().max().item(), instance + ", tiles " + tile);
    }

    @Example
    void tilesOffThePeriodGiveACounterexample() {
        for (int d = 1; d <= 2; d++) {
            UNetInstances instance = new UNetInstances(d, 2, 2, 2, 1, UpsamplingMode.TRANSPOSED, 2, 17);
            UNet net = instance.build(ConvPadding.VALID);
            int tile = instance.period() + 1;
            int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), 3 * tile);
            Tensor image = instance.randomImage(2, side);
            Tiler tiler = Tiler.of(net, tile);
            assertTrue(tiler.warning().isPresent());
            double difference = tiler.apply(image).sub(Windows.run(net, image)).abs().max().item();
            assertTrue(difference > 1e-3, d + "-D: tiles of " + tile + " should break the stitching, difference "
                    + difference);
        }
    }

    @Example
    void samePaddingGivesACounterexample() {
        for (int d = 1; d <= 2; d++) {
            UNetInstances instance = new UNetInstances(d, 2, 2, 2, 1, UpsamplingMode.NEAREST, 2, 19);
            UNet net = instance.build(ConvPadding.SAME);
            int tile = 2 * instance.period();
            Tensor image = instance.randomImage(3, 3 * tile);
            Tiler tiler = Tiler.of(net, tile);
            assertTrue(tiler.warning().isEmpty());
            double difference = tiler.apply(image).sub(Windows.run(net, image)).abs().max().item();
            assertTrue(difference > 1e-3, d + "-D: SAME padding should break the stitching, difference "
                    + difference);
        }
    }
}
