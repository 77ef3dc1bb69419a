package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
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
 * Same-looking instances at lattice offsets get the same embedding: Rumberger et al., ICCV 2021, Corollary 3.
 *
 * <p><b>Statement.</b> A U-Net cannot distinguish same-looking instances located at offsets n f^l, n in Z^d: if
 * the image looks the same around two objects whose positions differ by n f^l, every pixel of one object gets the
 * same output (embedding) as the corresponding pixel of the other, for every instance of the network.
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2). A random object (a patch of random intensities on a zero background
 * cell) is repeated on a lattice of spacing n f^l, n in 1..2, which makes every object look the same within any
 * receptive field. For random valid-padding instances the embedding at every output pixel x equals the embedding at
 * x + n f^l e_a along every axis a up to 1e-12 relative. As a control, spacing f^l + 1 gives objects at
 * corresponding pixels different embeddings in a concrete instance in each dimension, so such objects can be told
 * apart.
 */
class SameLookingObjectsTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 20)
    void objectsAtLatticeOffsetsGetIdenticalEmbeddings(@ForAll("instances") UNetInstances instance,
            @ForAll @IntRange(min = 1, max = 2) int n) {
        UNet net = instance.build(ConvPadding.VALID);
        int spacing = n * instance.period();
        int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), spacing + 2);
        Tensor out = Windows.run(net, objectLattice(side, spacing, instance.d(), instance.seed()));
        double tolerance = 1e-12 * Windows.scale(out);
        for (int axis = 0; axis < instance.d(); axis++) {
            int[] offset = Windows.offset(instance.d(), axis == 0 ? spacing : 0, axis == 1 ? spacing : 0);
            assertTrue(Windows.shiftMismatch(out, out, offset) <= tolerance,
                    instance + ": objects " + Arrays.toString(offset) + " apart got different embeddings");
        }
    }

    @Example
    void objectsOffTheLatticeCanBeToldApart() {
        for (int d = 1; d <= 2; d++) {
            UNetInstances instance = new UNetInstances(d, 2, 2, 2, 1, UpsamplingMode.TRANSPOSED, 3, 21);
            UNet net = instance.build(ConvPadding.VALID);
            int spacing = instance.period() + 1;
            int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), spacing + 2);
            Tensor out = Windows.run(net, objectLattice(side, spacing, d, 4));
            double mismatch = Windows.shiftMismatch(out, out, Windows.offset(d, spacing, 0));
            assertTrue(mismatch > 1e-3 * Windows.scale(out), d + "-D: spacing " + spacing + " not in 4 Z: difference "
                    + mismatch);
        }
    }

    /**
     * One random object, the first (spacing - 2)^d part of each cell of side {@code spacing}, on a lattice over
     * [0, side)^d: a [1, 1, side] signal or [1, 1, side, side] image.
     */
    static Tensor objectLattice(int side, int spacing, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int objectSide = Math.max(1, spacing - 2);
        double[] object = new double[(int) Math.pow(objectSide, d)];
        for (int i = 0; i < object.length; i++) {
            object[i] = 1 + rng.nextDouble();
        }
        if (d == 1) {
            double[] v = new double[side];
            for (int x = 0; x < side; x++) {
                v[x] = x % spacing < objectSide ? object[x % spacing] : 0;
            }
            return Tensor.wrap(v, 1, 1, side);
        }
        double[] v = new double[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int cy = y % spacing;
                int cx = x % spacing;
                v[y * side + x] = cy < objectSide && cx < objectSide ? object[cy * objectSide + cx] : 0;
            }
        }
        return Tensor.wrap(v, 1, 1, side, side);
    }
}
