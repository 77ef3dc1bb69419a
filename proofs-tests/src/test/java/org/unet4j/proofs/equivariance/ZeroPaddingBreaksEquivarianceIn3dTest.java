package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
 * Zero (SAME) padding breaks the periodic shift equivariance of volumetric U-Nets: Rumberger et al., ICCV 2021,
 * Sec. 3, in d = 3 with per-axis factors.
 *
 * <p><b>Statement.</b> There is a 3-D U-Net instance with SAME padding, a volume I and a shift s in the per-axis
 * lattice f_1^l Z x f_2^l Z x f_3^l Z with U(T_s I) != T_s U(I) on the overlap, whereas the valid-padding network of
 * the same instance satisfies it for every such s.
 *
 * <p><b>Reproduction</b> ({@link VolumeUNetInstances}). For random instances, shifting a random volume by
 * s = (p_1, p_2, p_3) changes the SAME network's output on the overlap by more than 1e-10 relative, a hundred times
 * the round-off that the control, the valid-padding network of the same concrete instances ((2, 2, 2) and
 * (1, 2, 2)), stays within (1e-12) on the same shift. (As in 2-D, the change can be small where dead ReLUs hide the
 * border; the bound is set by the control's round-off, not by a typical change.)
 */
class ZeroPaddingBreaksEquivarianceIn3dTest {

    @Provide
    Arbitrary<VolumeUNetInstances> instances() {
        return VolumeUNetInstances.small();
    }

    @Property(tries = 10)
    void samePaddingIsNotShiftEquivariant(@ForAll("instances") VolumeUNetInstances instance) {
        int[] p = instance.periods();
        UNet same = instance.build(ConvPadding.SAME);
        int[] sides = Arrays.stream(p).map(q -> 3 * q).toArray();
        double mismatch = relativeMismatch(same, sides, p, instance.seed());
        assertTrue(mismatch > 1e-10, instance + ": SAME padding stayed equivariant, " + mismatch);
    }

    @Example
    void validPaddingOfTheSameInstanceIsEquivariant() {
        for (int[] factors : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
            VolumeUNetInstances instance = new VolumeUNetInstances(factors, 2, 2, 1, UpsamplingMode.NEAREST, 2, 23);
            int[] p = instance.periods();
            for (ConvPadding padding : ConvPadding.values()) {
                UNet net = instance.build(padding);
                int[] sides = VolumeUNetInstances.inputWithOutputAtLeast(net, 3 * p[0], 3 * p[1], 3 * p[2]);
                double mismatch = relativeMismatch(net, sides, p, 8);
                assertTrue(mismatch <= 1e-12 == (padding == ConvPadding.VALID), instance + ", " + padding
                        + ": relative max |U(T_s I) - T_s U(I)| = " + mismatch);
            }
        }
    }

    /** max |U(T_s I) - T_s U(I)| on the overlap over the largest output, windows {@code sides}, shift s = p. */
    private static double relativeMismatch(UNet net, int[] sides, int[] p, long imageSeed) {
        int[] image = new int[3];
        for (int a = 0; a < 3; a++) {
            image[a] = sides[a] + p[a];
        }
        Tensor volume = Windows.randomImage(imageSeed, image);
        Tensor base = Windows.run(net, Windows.window(volume, new int[3], sides));
        Tensor shifted = Windows.run(net, Windows.window(volume, p, sides));
        return Windows.shiftMismatch(shifted, base, p) / Windows.scale(base);
    }
}
