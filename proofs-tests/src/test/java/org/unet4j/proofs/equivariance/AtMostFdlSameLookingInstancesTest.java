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
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UpsamplingMode;

/**
 * At most f^(dl) same-looking instances can be told apart, and that many can: Rumberger et al., ICCV 2021,
 * Corollary 2.
 *
 * <p><b>Statement.</b> A U-Net with l down-samplings by f on d-dimensional images has the capacity to distinguish at
 * most f^(dl) same-looking instances. By Lemma 1 it assigns the central pixel of an instance one of at most f^(dl)
 * embeddings, fixed by the instance's position modulo f^l; with instances at offsets p co-prime with f^l every
 * residue occurs, so the bound is reached exactly when the network tells the residues apart.
 *
 * <p><b>Reproduction</b> (d = 1 and d = 2). A random object is repeated on a lattice of spacing p = f^l + 1 (co-prime
 * with f^l), f^l + 1 objects along each axis, so that object k and object k + f^l share their residue k p mod f^l =
 * k mod f^l. For random valid-padding instances the central-pixel embeddings of objects with equal residues agree to
 * 1e-12 relative, and the (f^l + 1)^d objects get at most f^(dl) distinct embeddings. For concrete random instances
 * (fixed and learnt up-sampling) they get exactly f^(dl): the bound is reached.
 */
class AtMostFdlSameLookingInstancesTest {

    @Provide
    Arbitrary<UNetInstances> instances() {
        return UNetInstances.small();
    }

    @Property(tries = 20)
    void objectsWithEqualResiduesGetEqualEmbeddingsSoAtMostFdlAreToldApart(
            @ForAll("instances") UNetInstances instance) {
        CentralEmbeddings e = CentralEmbeddings.of(instance);
        int p = instance.period();
        double tolerance = 1e-12 * e.scale();
        for (int k = 0; k < e.count(); k++) {
            int[] object = e.object(k);
            for (int a = 0; a < object.length; a++) {
                if (object[a] + p < e.perAxis()) {
                    int[] congruent = object.clone();
                    congruent[a] += p;
                    assertTrue(ObjectLattices.distance(e.at(object), e.at(congruent)) <= tolerance, instance + ": objects "
                            + Arrays.toString(object) + " and " + Arrays.toString(congruent)
                            + " sit at the same residue mod f^l = " + p + " but got different embeddings");
                }
            }
        }
        int bound = (int) Math.pow(p, instance.d());
        assertTrue(e.distinct(1e-10 * e.scale()) <= bound, instance + ": more than f^(dl) = " + bound
                + " same-looking objects told apart");
    }

    @Example
    void randomInstancesReachTheBound() {
        for (int d = 1; d <= 2; d++) {
            for (UpsamplingMode up : new UpsamplingMode[] {UpsamplingMode.NEAREST, UpsamplingMode.TRANSPOSED}) {
                UNetInstances instance = new UNetInstances(d, 2, 2, 2, 1, up, 3, 5);
                CentralEmbeddings e = CentralEmbeddings.of(instance);
                int bound = (int) Math.pow(instance.period(), d);
                assertEquals((int) Math.pow(instance.period() + 1, d), e.count(), "objects on the lattice");
                assertEquals(bound, e.distinct(1e-6 * e.scale()), instance + ": f^(dl) = " + bound
                        + " same-looking objects told apart");
            }
        }
    }

    /**
     * The embeddings at the central pixels of (f^l + 1)^d same-looking objects of spacing f^l + 1, indexed by their
     * lattice position in [0, f^l + 1)^d.
     *
     * @param d          spatial dimensions
     * @param perAxis    objects per axis, f^l + 1
     * @param embeddings one vector per object, in row-major order of the lattice positions
     */
    private record CentralEmbeddings(int d, int perAxis, List<double[]> embeddings) {

        static CentralEmbeddings of(UNetInstances instance) {
            UNet net = instance.build(ConvPadding.VALID);
            UNetGeometry g = net.geometry();
            int d = instance.d();
            int spacing = instance.period() + 1;
            int perAxis = spacing;
            int centre = (spacing - 2) / 2;
            int side = g.inputSize(1);
            for (int b = 2; !ObjectLattices.fits(g, side, perAxis, spacing, centre); b++) {
                side = g.inputSize(b);
            }
            Tensor out = Windows.run(net, SameLookingObjectsTest.objectLattice(side, spacing, d, instance.seed()));
            int outSide = out.dim(2 + d - 1);
            int margin = (side - outSide) / 2;
            int first = ObjectLattices.firstObject(side, outSide, spacing, centre);
            double[] v = out.toDoubleArray();
            int channels = out.dim(1);
            int plane = (int) Math.pow(outSide, d);
            List<double[]> embeddings = new ArrayList<>();
            for (int k = 0; k < (int) Math.pow(perAxis, d); k++) {
                int pixel = 0;
                for (int a = 0, rest = k; a < d; a++) {
                    int index = d == 1 ? rest : (a == 0 ? rest / perAxis : rest % perAxis);
                    pixel = pixel * outSide + (first + index * spacing + centre - margin);
                }
                double[] e = new double[channels];
                for (int c = 0; c < channels; c++) {
                    e[c] = v[c * plane + pixel];
                }
                embeddings.add(e);
            }
            return new CentralEmbeddings(d, perAxis, embeddings);
        }

        int count() {
            return embeddings.size();
        }

        /** The lattice position of object k. */
        int[] object(int k) {
            return d == 1 ? new int[] {k} : new int[] {k / perAxis, k % perAxis};
        }

        double[] at(int[] object) {
            int k = 0;
            for (int i : object) {
                k = k * perAxis + i;
            }
            return embeddings.get(k);
        }

        int distinct(double tolerance) {
            return ObjectLattices.distinct(embeddings, tolerance);
        }

        double scale() {
            return ObjectLattices.scale(embeddings);
        }
    }
}
