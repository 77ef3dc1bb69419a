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
 * Same-looking objects at lattice offsets get the same embedding, in volumes: Rumberger et al., ICCV 2021,
 * Corollary 3 in d = 3 with per-axis factors.
 *
 * <p><b>Statement.</b> A 3-D U-Net with l down-samplings by (f_1, f_2, f_3) cannot distinguish same-looking
 * instances located at offsets (n_1 f_1^l, n_2 f_2^l, n_3 f_3^l), n in Z^3: every voxel of one object gets the same
 * embedding as the corresponding voxel of the other, for every instance of the network.
 *
 * <p><b>Reproduction</b> ({@link VolumeUNetInstances}). A random object (a box of random intensities on a zero
 * background cell) is repeated on a lattice of spacing n p_a along axis a (p_a = f_a^l, n in 1..2). For random
 * valid-padding instances the embedding at every output voxel x equals the embedding at x + n p_a e_a along every
 * axis a up to 1e-12 relative. As a control, spacing p_a + 1 along an axis with p_a &gt; 1 gives corresponding
 * voxels different embeddings in concrete instances, isotropic and anisotropic.
 */
class SameLookingObjectsIn3dTest {

    @Provide
    Arbitrary<VolumeUNetInstances> instances() {
        return VolumeUNetInstances.small();
    }

    @Property(tries = 10)
    void objectsAtPerAxisLatticeOffsetsGetIdenticalEmbeddings(@ForAll("instances") VolumeUNetInstances instance,
            @ForAll @IntRange(min = 1, max = 2) int n) {
        UNet net = instance.build(ConvPadding.VALID);
        int[] spacing = Arrays.stream(instance.periods()).map(p -> n * p).toArray();
        int[] sides = VolumeUNetInstances.inputWithOutputAtLeast(net, spacing[0] + 2, spacing[1] + 2, spacing[2] + 2);
        Tensor out = Windows.run(net, objectLattice(sides, spacing, instance.seed()));
        for (int axis = 0; axis < 3; axis++) {
            int[] offset = new int[3];
            offset[axis] = spacing[axis];
            assertTrue(Windows.shiftMismatch(out, out, offset) <= 1e-12 * Windows.scale(out),
                    instance + ": objects " + Arrays.toString(offset) + " apart got different embeddings");
        }
    }

    @Example
    void objectsOffTheLatticeCanBeToldApart() {
        for (int[] factors : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
            VolumeUNetInstances instance = new VolumeUNetInstances(factors, 2, 2, 1, UpsamplingMode.TRANSPOSED, 3,
                    21);
            UNet net = instance.build(ConvPadding.VALID);
            int[] p = instance.periods();
            for (int axis = 0; axis < 3; axis++) {
                if (p[axis] == 1) {
                    continue;
                }
                int[] spacing = p.clone();
                spacing[axis] += 1;
                int[] sides = VolumeUNetInstances.inputWithOutputAtLeast(net, spacing[0] + 2, spacing[1] + 2,
                        spacing[2] + 2);
                Tensor out = Windows.run(net, objectLattice(sides, spacing, 4));
                int[] offset = new int[3];
                offset[axis] = spacing[axis];
                double mismatch = Windows.shiftMismatch(out, out, offset);
                assertTrue(mismatch > 1e-3 * Windows.scale(out), instance + ": spacing " + Arrays.toString(spacing)
                        + " is off the lattice along axis " + axis + ", yet the difference is only " + mismatch);
            }
        }
    }

    /**
     * One random object, the first max(1, spacing_a - 2) voxels along each axis a of every cell of sides
     * {@code spacing}, on a lattice over the box {@code sides}: a [1, 1, S_1, S_2, S_3] volume.
     */
    static Tensor objectLattice(int[] sides, int[] spacing, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] object = Arrays.stream(spacing).map(s -> Math.max(1, s - 2)).toArray();
        double[] values = new double[object[0] * object[1] * object[2]];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + rng.nextDouble();
        }
        double[] v = new double[sides[0] * sides[1] * sides[2]];
        for (int z = 0; z < sides[0]; z++) {
            for (int y = 0; y < sides[1]; y++) {
                for (int x = 0; x < sides[2]; x++) {
                    int cz = z % spacing[0];
                    int cy = y % spacing[1];
                    int cx = x % spacing[2];
                    boolean inside = cz < object[0] && cy < object[1] && cx < object[2];
                    v[(z * sides[1] + y) * sides[2] + x] = inside ? values[(cz * object[1] + cy) * object[2] + cx]
                            : 0;
                }
            }
        }
        return Tensor.wrap(v, 1, 1, sides[0], sides[1], sides[2]);
    }
}
