package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Periodic shift equivariance of valid-padding volumetric U-Nets, axis by axis: Rumberger et al., ICCV 2021,
 * Lemma 1 Part II and Corollary 1 in d = 3, with a period of its own along each axis.
 *
 * <p><b>Statement.</b> For every 3-D U-Net U with valid convolutions and l down-samplings by (f_1, f_2, f_3) per
 * level, and every shift s in f_1^l Z x f_2^l Z x f_3^l Z: U(T_s I) = T_s U(I) wherever both sides are defined. The
 * argument of the 2-D case runs axis by axis: pooling by f_a along axis a at depth k commutes with shifts in
 * f_a^(k+1) Z along that axis, and a factor 1 commutes with every shift, so an axis that is never down-sampled
 * (thick slices, factors (1, 2, 2)) has period 1.
 *
 * <p><b>Reproduction</b> ({@link VolumeUNetInstances}: isotropic and anisotropic factors, l in 1..2, random
 * channels, weights and up-sampling, float64). Shifting a random volume by s = (a p_1, b p_2, c p_3), a, b, c in
 * {0, 1, 2}, shifts the output by s on the overlap up to 1e-12 relative. For concrete instances every shift off the
 * lattice along an axis with period p_a &gt; 1 breaks the equality, while along the axis of factor 1 the shift by
 * one voxel keeps it.
 */
class PeriodicShiftEquivariancePerAxisIn3dTest {

    @Provide
    Arbitrary<VolumeUNetInstances> instances() {
        return VolumeUNetInstances.small();
    }

    @Property(tries = 12)
    void shiftsInThePerAxisLatticeCommuteWithTheNetwork(@ForAll("instances") VolumeUNetInstances instance,
            @ForAll @IntRange(min = 0, max = 2) int a, @ForAll @IntRange(min = 0, max = 2) int b,
            @ForAll @IntRange(min = 0, max = 2) int c) {
        UNet net = instance.build(ConvPadding.VALID);
        int[] p = instance.periods();
        int[] s = {a * p[0], b * p[1], c * p[2]};
        assertTrue(mismatch(net, p, s, instance.seed()) <= 1e-12, instance + ", shift " + Arrays.toString(s)
                + ": U(T_s I) != T_s U(I)");
    }

    @Example
    void shiftsOffTheLatticeBreakItAndAFactorOneAxisHasPeriodOne() {
        for (int[] factors : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
            for (UpsamplingMode up : new UpsamplingMode[] {UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED}) {
                VolumeUNetInstances instance = new VolumeUNetInstances(factors, 2, 2, 1, up, 1, 11);
                UNet net = instance.build(ConvPadding.VALID);
                int[] p = instance.periods();
                for (int axis = 0; axis < 3; axis++) {
                    for (int shift = 1; shift < Math.max(2, p[axis]); shift++) {
                        int[] s = new int[3];
                        s[axis] = shift;
                        double mismatch = mismatch(net, p, s, 5);
                        boolean inLattice = shift % p[axis] == 0;
                        assertTrue(inLattice ? mismatch <= 1e-12 : mismatch > 1e-3, instance + ", shift "
                                + Arrays.toString(s) + (inLattice ? " is in the lattice" : " is off the lattice")
                                + ", relative max |U(T_s I) - T_s U(I)| = " + mismatch);
                    }
                }
            }
        }
    }

    /**
     * max |U(T_s I) - T_s U(I)| on the overlap relative to the largest output, for a random volume of sides
     * s_min + 3 p_a (the window) plus 2 p_a (room to shift).
     */
    private static double mismatch(UNet net, int[] p, int[] s, long imageSeed) {
        int[] sides = new int[3];
        int[] image = new int[3];
        for (int a = 0; a < 3; a++) {
            sides[a] = net.geometry().forAxis(a).smallestInputSize() + 3 * p[a];
            image[a] = sides[a] + 2 * p[a];
        }
        Tensor volume = Windows.randomImage(imageSeed, image);
        Tensor base = Windows.run(net, Windows.window(volume, new int[3], sides));
        Tensor shifted = Windows.run(net, Windows.window(volume, s, sides));
        return Windows.shiftMismatch(shifted, base, s) / Windows.scale(base);
    }
}
