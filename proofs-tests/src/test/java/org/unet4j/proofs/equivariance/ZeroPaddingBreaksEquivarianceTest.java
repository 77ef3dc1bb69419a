package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Zero (SAME) padding breaks the periodic shift equivariance of U-Nets: Rumberger et al., ICCV 2021, Sec. 3
 * (Lemma 1 and Corollary 1 hold for valid padding; with zero padding the output near the border depends on the
 * position of the image content relative to the border, as in the discussion of Corollary 4).
 *
 * <p><b>Statement.</b> There is a U-Net instance with SAME padding, an image I and a shift s in f^l Z^d with
 * U(T_s I) != T_s U(I) on the overlap, whereas the same instance with valid padding satisfies it for every s in
 * f^l Z^d.
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2). For random instances, shifting a random signal or image by f^l along
 * every axis changes the SAME network's output on the overlap by more than 1e-10 relative, a hundred times the
 * round-off that the control, the valid-padding network of the same instance, stays within (1e-12) on the same images
 * and shift, in each dimension. (The change can be small: in a one-filter net, dead ReLUs hide most of the border,
 * and one drawn instance changed by 3e-7 only.)
 */
class ZeroPaddingBreaksEquivarianceTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 15)
    void samePaddingIsNotShiftEquivariant(@ForAll("instances") UNetInstances instance) {
        int p = instance.period();
        int d = instance.d();
        UNet same = instance.build(ConvPadding.SAME);
        int side = 3 * p;
        Tensor image = instance.randomImage(instance.seed(), side + p);
        int[] s = Windows.offset(d, p, p);
        Tensor base = Windows.run(same, Windows.window(image, new int[d], side));
        Tensor shifted = Windows.run(same, Windows.window(image, s, side));
        double mismatch = Windows.shiftMismatch(shifted, base, s);
        assertTrue(mismatch > 1e-10 * Windows.scale(base), instance + ": SAME padding stayed equivariant, " + mismatch);
    }

    @Example
    void validPaddingOfTheSameInstanceIsEquivariant() {
        for (int d = 1; d <= 2; d++) {
            UNetInstances instance = new UNetInstances(d, 2, 2, 2, 2, UpsamplingMode.NEAREST, 2, 23);
            int p = instance.period();
            int[] s = Windows.offset(d, p, p);
            for (ConvPadding padding : ConvPadding.values()) {
                UNet net = instance.build(padding);
                int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), 3 * p);
                Tensor image = instance.randomImage(8, side + p);
                Tensor base = Windows.run(net, Windows.window(image, new int[d], side));
                double mismatch = Windows.shiftMismatch(Windows.run(net, Windows.window(image, s, side)), base, s);
                boolean equivariant = mismatch <= 1e-12 * Windows.scale(base);
                assertTrue(equivariant == (padding == ConvPadding.VALID), d + "-D, " + padding
                        + ": max |U(T_s I) - T_s U(I)| = " + mismatch);
            }
        }
    }
}
