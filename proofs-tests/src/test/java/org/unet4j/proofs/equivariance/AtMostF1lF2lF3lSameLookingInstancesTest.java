package org.unet4j.proofs.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * At most f_1^l f_2^l f_3^l same-looking instances can be told apart in a volume, and that many can: Rumberger et
 * al., ICCV 2021, Corollary 2 in d = 3 with per-axis factors (f^(dl) when the factors agree).
 *
 * <p><b>Statement.</b> A 3-D U-Net with l down-samplings by (f_1, f_2, f_3) assigns the central voxel of a
 * same-looking instance one of at most f_1^l f_2^l f_3^l embeddings, fixed by the instance's position modulo
 * (f_1^l, f_2^l, f_3^l) (per-axis Lemma 1); with instances at offsets co-prime with each period every residue
 * occurs, so the bound is reached exactly when the network tells the residues apart.
 *
 * <p><b>Reproduction</b> ({@link VolumeUNetInstances}). A random object is repeated on a lattice of spacing
 * p_a + 1 along axis a (p_a = f_a^l), p_a + 1 objects per axis, so that objects k and k + p_a along axis a share
 * their residue. For random valid-padding instances the central-voxel embeddings of objects with equal residues
 * agree to 1e-12 relative, and the objects get at most f_1^l f_2^l f_3^l distinct embeddings. Constructive instances
 * reaching the bound: concrete seeded networks with factors (2, 2, 2), l = 1 (8 of 27 objects told apart),
 * (2, 2, 2), l = 2 (64 of 125) and (1, 2, 2), l = 2 (16 of 50: the two objects along the depth axis of factor 1
 * always look alike), with nearest and transposed up-sampling.
 */
class AtMostF1lF2lF3lSameLookingInstancesTest {

    @Provide
    Arbitrary<VolumeUNetInstances> instances() {
        return VolumeUNetInstances.small();
    }

    @Property(tries = 10)
    void objectsWithEqualResiduesGetEqualEmbeddingsSoAtMostTheProductOfThePeriodsAreToldApart(
            @ForAll("instances") VolumeUNetInstances instance) {
        CentralEmbeddings e = CentralEmbeddings.of(instance);
        int[] p = instance.periods();
        double tolerance = 1e-12 * e.scale();
        for (int k = 0; k < e.count(); k++) {
            int[] object = e.object(k);
            for (int a = 0; a < 3; a++) {
                if (object[a] + p[a] < e.perAxis()[a]) {
                    int[] congruent = object.clone();
                    congruent[a] += p[a];
                    assertTrue(ObjectLattices.distance(e.at(object), e.at(congruent)) <= tolerance, instance + ": objects "
                            + Arrays.toString(object) + " and " + Arrays.toString(congruent) + " sit at the same "
                            + "residue mod " + Arrays.toString(p) + " but got different embeddings");
                }
            }
        }
        assertTrue(e.distinct(1e-10 * e.scale()) <= instance.capacity(), instance + ": more than f_1^l f_2^l f_3^l = "
                + instance.capacity() + " same-looking objects told apart");
    }

    @Example
    void concreteInstancesReachTheBound() {
        int[][] factorsAndLevels = {{2, 2, 2, 1}, {2, 2, 2, 2}, {1, 2, 2, 2}};
        for (int[] fl : factorsAndLevels) {
            for (UpsamplingMode up : new UpsamplingMode[] {UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED}) {
                VolumeUNetInstances instance = new VolumeUNetInstances(Arrays.copyOf(fl, 3), fl[3], 2, 1, up, 3, 5);
                CentralEmbeddings e = CentralEmbeddings.of(instance);
                int objects = Arrays.stream(instance.periods()).map(p -> p + 1).reduce(1, (a, b) -> a * b);
                assertEquals(objects, e.count(), "objects on the lattice");
                assertEquals(instance.capacity(), e.distinct(1e-6 * e.scale()), instance + ": f_1^l f_2^l f_3^l = "
                        + instance.capacity() + " same-looking objects told apart");
            }
        }
    }

    /**
     * The embeddings at the central voxels of the objects of a lattice of spacing p_a + 1, p_a + 1 objects along
     * axis a, indexed by their lattice position.
     *
     * @param perAxis    objects along each axis, p_a + 1
     * @param embeddings one vector per object, in row-major order of the lattice positions
     */
    private record CentralEmbeddings(int[] perAxis, List<double[]> embeddings) {

        static CentralEmbeddings of(VolumeUNetInstances instance) {
            UNet net = instance.build(ConvPadding.VALID);
            int[] spacing = Arrays.stream(instance.periods()).map(p -> p + 1).toArray();
            int[] sides = new int[3];
            int[] outSides = new int[3];
            int[] first = new int[3];
            int[] centre = new int[3];
            for (int a = 0; a < 3; a++) {
                UNetGeometry g = net.geometry().forAxis(a);
                centre[a] = (spacing[a] - 2) / 2;
                int b = 1;
                while (!ObjectLattices.fits(g, g.inputSize(b), spacing[a], spacing[a], centre[a])) {
                    b++;
                }
                sides[a] = g.inputSize(b);
                outSides[a] = g.outputSize(sides[a]).getAsInt();
                first[a] = ObjectLattices.firstObject(sides[a], outSides[a], spacing[a], centre[a]) + centre[a]
                        - (sides[a] - outSides[a]) / 2;
            }
            Tensor out = Windows.run(net, SameLookingObjectsIn3dTest.objectLattice(sides, spacing, instance.seed()));
            double[] v = out.toDoubleArray();
            int channels = out.dim(1);
            int volume = outSides[0] * outSides[1] * outSides[2];
            List<double[]> embeddings = new ArrayList<>();
            for (int i = 0; i < spacing[0]; i++) {
                for (int j = 0; j < spacing[1]; j++) {
                    for (int k = 0; k < spacing[2]; k++) {
                        int voxel = ((first[0] + i * spacing[0]) * outSides[1] + first[1] + j * spacing[1])
                                * outSides[2] + first[2] + k * spacing[2];
                        double[] e = new double[channels];
                        for (int c = 0; c < channels; c++) {
                            e[c] = v[c * volume + voxel];
                        }
                        embeddings.add(e);
                    }
                }
            }
            return new CentralEmbeddings(spacing, embeddings);
        }

        int count() {
            return embeddings.size();
        }

        /** The lattice position of object k. */
        int[] object(int k) {
            return new int[] {k / (perAxis[1] * perAxis[2]), k / perAxis[2] % perAxis[1], k % perAxis[2]};
        }

        double[] at(int[] object) {
            return embeddings.get((object[0] * perAxis[1] + object[1]) * perAxis[2] + object[2]);
        }

        int distinct(double tolerance) {
            return ObjectLattices.distinct(embeddings, tolerance);
        }

        double scale() {
            return ObjectLattices.scale(embeddings);
        }
    }
}
