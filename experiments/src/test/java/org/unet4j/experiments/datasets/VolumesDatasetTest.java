package org.unet4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
/**
 * The generated volumes: shapes and value sets, masks as the union of the labelled objects, every object kind
 * drawn, determinism per seed and per sample index, the bias field's bounds, thick slices squashing objects along
 * depth, and the argument checks.
 */
class VolumesDatasetTest {

    @Test
    void volumesMasksAndLabelsHaveTheSpecsShapeAndMasksAreTheLabelledObjects() {
        VolumesDataset data = VolumesDataset.generate(VolumesDataset.Spec.of(12, 9, 16, 3));
        int[] dims = {12, 1, 9, 16, 16};
        assertArrayEquals(dims, data.images().dims());
        assertArrayEquals(dims, data.masks().dims());
        assertArrayEquals(dims, data.labels().dims());
        float[] masks = data.masks().toFloatArray();
        float[] labels = data.labels().toFloatArray();
        Set<VolumesDataset.ObjectKind> kinds = EnumSet.noneOf(VolumesDataset.ObjectKind.class);
        int voxels = 9 * 16 * 16;
        for (int n = 0; n < 12; n++) {
            int foreground = 0;
            for (int v = n * voxels; v < (n + 1) * voxels; v++) {
                assertTrue(labels[v] >= 0 && labels[v] <= 3 && labels[v] == Math.rint(labels[v]));
                assertEquals(labels[v] > 0 ? 1f : 0f, masks[v], "mask of voxel " + v);
                foreground += masks[v] > 0 ? 1 : 0;
                if (labels[v] > 0) {
                    kinds.add(VolumesDataset.ObjectKind.values()[(int) labels[v] - 1]);
                }
            }
            assertTrue(foreground > 0, "volume " + n + " holds an object");
            assertTrue(foreground < voxels / 2, "volume " + n + " is mostly background");
        }
        assertEquals(EnumSet.allOf(VolumesDataset.ObjectKind.class), kinds, "spheres, ellipsoids and tubes drawn");
        assertEquals("VolumesDataset[12 volumes 9x16x16, 1 to 3 objects, noise 0.1, bias 0.2, slice 1.0, seed 3]",
                data.toString());
    }

    @Test
    void theSameSeedGivesTheSameVolumesAndALargerDatasetStartsWithTheSmallerOne() {
        VolumesDataset a = VolumesDataset.generate(VolumesDataset.Spec.of(3, 6, 12, 5));
        VolumesDataset b = VolumesDataset.generate(VolumesDataset.Spec.of(5, 6, 12, 5));
        assertArrayEquals(a.images().toFloatArray(), b.images().slice(0, 0, 3).toFloatArray());
        assertArrayEquals(a.labels().toFloatArray(), b.labels().slice(0, 0, 3).toFloatArray());
        VolumesDataset c = VolumesDataset.generate(VolumesDataset.Spec.of(3, 6, 12, 6));
        assertTrue(!java.util.Arrays.equals(a.images().toFloatArray(), c.images().toFloatArray()));
    }

    @Test
    void withoutNoiseTheBiasFieldScalesEachVoxelByAFactorWithinOnePlusMinusBias() {
        double bias = 0.4;
        VolumesDataset flat = VolumesDataset.generate(new VolumesDataset.Spec(4, 8, 16, 3, 0, 0, 1, 9));
        VolumesDataset biased = VolumesDataset.generate(new VolumesDataset.Spec(4, 8, 16, 3, 0, bias, 1, 9));
        float[] f = flat.images().toFloatArray();
        float[] g = biased.images().toFloatArray();
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < f.length; v++) {
            if (f[v] > 1e-3) {
                double factor = g[v] / f[v];
                lowest = Math.min(lowest, factor);
                highest = Math.max(highest, factor);
            }
        }
        assertTrue(lowest >= 1 - bias - 1e-5 && highest <= 1 + bias + 1e-5, lowest + " .. " + highest);
        assertTrue(highest - lowest > bias / 2, "the field varies across the volumes: " + lowest + " .. " + highest);
        assertArrayEquals(flat.labels().toFloatArray(), biased.labels().toFloatArray(), "bias leaves the objects");
    }

    @Test
    void thickSlicesSquashObjectsAlongDepth() {
        double thickness = 3;
        VolumesDataset data = VolumesDataset.generate(new VolumesDataset.Spec(20, 12, 24, 1, 0, 0, thickness, 11));
        float[] labels = data.labels().toFloatArray();
        int checked = 0;
        for (int n = 0; n < 20; n++) {
            int minD = Integer.MAX_VALUE;
            int maxD = -1;
            int minH = Integer.MAX_VALUE;
            int maxH = -1;
            boolean sphere = false;
            for (int k = 0; k < 12; k++) {
                for (int i = 0; i < 24; i++) {
                    for (int j = 0; j < 24; j++) {
                        float l = labels[((n * 12 + k) * 24 + i) * 24 + j];
                        if (l > 0) {
                            sphere = l == 1;
                            minD = Math.min(minD, k);
                            maxD = Math.max(maxD, k);
                            minH = Math.min(minH, i);
                            maxH = Math.max(maxH, i);
                        }
                    }
                }
            }
            if (sphere) {
                int depthExtent = maxD - minD + 1;
                int heightExtent = maxH - minH + 1;
                assertTrue(depthExtent <= heightExtent / thickness + 2, "sample " + n + ": a sphere spans "
                        + depthExtent + " slices and " + heightExtent + " rows");
                checked++;
            }
        }
        assertTrue(checked > 0, "at least one single-sphere sample drawn");
    }

    @Test
    void badSpecsAreRejectedNamingTheField() {
        assertThrows(IllegalArgumentException.class, () -> VolumesDataset.Spec.of(0, 8, 16, 1));
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> VolumesDataset.Spec.of(1, 2, 16, 1));
        assertTrue(depth.getMessage().contains("depth"), depth.getMessage());
        IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
                () -> new VolumesDataset.Spec(1, 8, 16, 1, 0.1, 1.5, 1, 1));
        assertTrue(bias.getMessage().contains("bias"), bias.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VolumesDataset.Spec(1, 8, 16, 1, 0.1, 0.2, 0.5, 1));
    }
}
