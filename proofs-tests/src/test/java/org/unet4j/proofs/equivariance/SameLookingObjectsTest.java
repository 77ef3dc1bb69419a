package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.unet.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * Same-looking instances at lattice offsets get the same embedding: Rumberger et al., ICCV 2021, Corollary 3.
 *
 * <p><b>Statement.</b> A U-Net cannot distinguish same-looking instances located at offsets n f^l, n in Z^d: if
 * the image looks the same around two objects whose positions differ by n f^l, every pixel of one object gets the
 * same output (embedding) as the corresponding pixel of the other, for every instance of the network.
 *
 * <p><b>Reproduction</b> (d = 2). A random object (a patch of random intensities on a zero background cell) is
 * repeated on a square lattice of spacing n f^l, n in 1..2, which makes every object look the same within any
 * receptive field. For random valid-padding instances the embedding at every output pixel x equals the embedding
 * at x + (n f^l, 0) and x + (0, n f^l) up to 1e-12 relative. As a control, spacing f^l + 1 gives objects at
 * corresponding pixels different embeddings in a concrete instance, so such objects can be told apart.
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
        Tensor out = Windows.run(net, objectLattice(side, spacing, instance.seed()));
        double tolerance = 1e-12 * Windows.scale(out);
        assertTrue(Windows.shiftMismatch(out, out, spacing, 0) <= tolerance,
                instance + ": objects " + spacing + " rows apart got different embeddings");
        assertTrue(Windows.shiftMismatch(out, out, 0, spacing) <= tolerance,
                instance + ": objects " + spacing + " columns apart got different embeddings");
    }

    @Example
    void objectsOffTheLatticeCanBeToldApart() {
        UNetInstances instance = new UNetInstances(2, 2, 2, 1, UpsamplingMode.TRANSPOSED, 3, 21);
        UNet net = instance.build(ConvPadding.VALID);
        int spacing = instance.period() + 1;
        int side = RelativeDistinctOutputFunctionsTest.inputWithOutputAtLeast(net.geometry(), spacing + 2);
        Tensor out = Windows.run(net, objectLattice(side, spacing, 4));
        double mismatch = Windows.shiftMismatch(out, out, spacing, 0);
        assertTrue(mismatch > 1e-3 * Windows.scale(out), "spacing " + spacing + " not in 4 Z: difference " + mismatch);
    }

    /** One random object, the upper-left (spacing - 2)^2 part of each spacing x spacing cell, on a square lattice. */
    static Tensor objectLattice(int side, int spacing, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int objectSide = Math.max(1, spacing - 2);
        double[] object = new double[objectSide * objectSide];
        for (int i = 0; i < object.length; i++) {
            object[i] = 1 + rng.nextDouble();
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
