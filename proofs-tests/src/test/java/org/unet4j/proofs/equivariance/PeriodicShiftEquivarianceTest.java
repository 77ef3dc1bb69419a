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
 * Periodic-f^l shift equivariance of valid-padding U-Nets: Rumberger et al., "How Shift Equivariance Impacts
 * Metric Learning for Instance Segmentation", ICCV 2021, Lemma 1 Part II and Corollary 1.
 *
 * <p><b>Statement.</b> For every U-Net U with valid convolutions, l down-samplings by f and fixed or learnt
 * up-sampling, and every shift s in f^l Z^d: U(T_s I) = T_s U(I) wherever both sides are defined. Valid convolutions
 * and fixed crops commute with every shift, pooling by f at depth k commutes with shifts in f^(k+1) Z^d, up-sampling
 * by f (nearest, or transposed with kernel = stride) maps a shift m to f m (DESIGN.md, "Shift equivariance").
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2: signals [1, 1, S] with 1 x 3 kernels, images [1, 1, S, S] with 3x3).
 * Random instances ({@link UNetInstances}: d in 1..2, l in 1..3, f in 2..3, random channels, weights, up-sampling)
 * in float64 on a random image; shifting the input by s = (a f^l, b f^l) (s = a f^l in 1-D), a, b in {0, 1, 2},
 * shifts the output by s on the overlap up to 1e-12 relative. A shift off the lattice, s = (1, 0) or 1, breaks the
 * equality for a concrete instance in each dimension, so the comparison does detect a broken equivariance.
 */
class PeriodicShiftEquivarianceTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 25)
    void shiftsInTheLatticeCommuteWithTheNetwork(@ForAll("instances") UNetInstances instance,
            @ForAll @IntRange(min = 0, max = 2) int a, @ForAll @IntRange(min = 0, max = 2) int b) {
        UNet net = instance.build(ConvPadding.VALID);
        int p = instance.period();
        int side = net.geometry().smallestInputSize() + 3 * p;
        Tensor image = instance.randomImage(instance.seed(), side + 2 * p);
        int[] s = Windows.offset(instance.d(), a * p, b * p);
        Tensor base = Windows.run(net, Windows.window(image, new int[instance.d()], side));
        Tensor shifted = Windows.run(net, Windows.window(image, s, side));
        double mismatch = Windows.shiftMismatch(shifted, base, s);
        assertTrue(mismatch <= 1e-12 * Windows.scale(base), instance + ", shift " + Arrays.toString(s)
                + ": max |U(T_s I) - T_s U(I)| = " + mismatch);
    }

    @Example
    void aShiftOffTheLatticeBreaksIt() {
        for (int d = 1; d <= 2; d++) {
            for (UpsamplingMode up : new UpsamplingMode[] {UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED}) {
                UNetInstances instance = new UNetInstances(d, 2, 2, 2, 1, up, 1, 11);
                UNet net = instance.build(ConvPadding.VALID);
                int side = net.geometry().smallestInputSize() + 2 * instance.period();
                Tensor image = instance.randomImage(5, side + instance.period());
                Tensor base = Windows.run(net, Windows.window(image, new int[d], side));
                for (int shift = 1; shift < instance.period(); shift++) {
                    int[] s = Windows.offset(d, shift, 0);
                    Tensor shifted = Windows.run(net, Windows.window(image, s, side));
                    double mismatch = Windows.shiftMismatch(shifted, base, s);
                    assertTrue(mismatch > 1e-3 * Windows.scale(base), instance + ", shift " + Arrays.toString(s)
                            + " not in 4 Z^d should break the equivariance, max difference " + mismatch);
                }
            }
        }
    }

    @Example
    void theLargestCaseFIsThreeLIsThree() {
        for (int d = 1; d <= 2; d++) {
            UNetInstances instance = new UNetInstances(d, 3, 3, 1, 1, UpsamplingMode.TRANSPOSED, 2, 3);
            UNet net = instance.build(ConvPadding.VALID);
            int p = instance.period();
            int side = net.geometry().smallestInputSize() + p;
            Tensor image = instance.randomImage(9, side + p);
            Tensor base = Windows.run(net, Windows.window(image, new int[d], side));
            int[] s = Windows.offset(d, p, p);
            Tensor shifted = Windows.run(net, Windows.window(image, s, side));
            assertTrue(Windows.shiftMismatch(shifted, base, s) <= 1e-12 * Windows.scale(base), instance.toString());
        }
    }
}
