package org.unet4j.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import org.junit.jupiter.api.Test;
import org.unet4j.experiments.builtin.SyntheticData;

class SyntheticDatasetsTest {
    @Property(tries = 12)
    void everyGeneratorIsDeterministicAndGivesBinaryNonTrivialMasks(
            @ForAll("names") String name, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        SegmentationDataset a = SyntheticData.generate(name, 3, 32, seed);
        SegmentationDataset b = SyntheticData.generate(name, 3, 32, seed);
        assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray());
        assertArrayEquals(a.masks().toFloatArray(), b.masks().toFloatArray());
        assertArrayEquals(new int[] {3, 1, 32, 32}, a.images().dims());
        assertArrayEquals(new int[] {3, 1, 32, 32}, a.masks().dims());
        float[] masks = a.masks().toFloatArray();
        double foreground = 0;
        for (float m : masks) {
            assertTrue(m == 0 || m == 1);
            foreground += m;
        }
        assertTrue(foreground > 0 && foreground < masks.length, name + ": foreground " + foreground);
        assertFalse(Arrays.equals(a.images().toFloatArray(),
                SyntheticData.generate(name, 3, 32, seed + 1).images().toFloatArray()));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> names() {
        return net.jqwik.api.Arbitraries.of(SyntheticData.NAMES);
    }

    @Test
    void sampleIDependsOnlyOnTheSeedAndI() {
        SegmentationDataset small = CellsDataset.generate(new CellsDataset.Spec(2, 24, 4, 1, 0.05, 9));
        SegmentationDataset large = CellsDataset.generate(new CellsDataset.Spec(5, 24, 4, 1, 0.05, 9));
        assertArrayEquals(small.images().toFloatArray(), large.range(0, 2).images().toFloatArray());
    }

    @Test
    void periodicDisksRepeatWithTheSpacing() {
        var disks = PeriodicDisksDataset.generate(PeriodicDisksDataset.Spec.paper(1, 16, 4));
        assertArrayEquals(new int[] {1, 1, 220, 220}, disks.masks().dims());
        float[] m = disks.masks().toFloatArray();
        for (int y = 0; y + 16 < 220; y += 7) {
            for (int x = 0; x + 16 < 220; x += 5) {
                assertEquals(m[y * 220 + x], m[(y + 16) * 220 + x + 16]);
            }
        }
        int disk = 0;
        for (int p = 0; p < 16 * 16; p++) {
            disk += (int) m[(40 + p / 16) * 220 + 40 + p % 16];
        }
        assertTrue(Math.abs(disk - Math.PI * 25) < 12, "one period holds one disk of radius 5: " + disk);
    }

    @Property(tries = 10)
    void shuffledBatchesCoverEverySampleOnceAndRepeatWithTheSeed(@ForAll @IntRange(min = 1, max = 9) int batch,
            @ForAll("seeds") long seed) {
        SegmentationDataset data = SyntheticData.generate("shapes", 10, 16, 1);
        var first = data.batches(batch, new SplittableRandom(seed));
        var second = data.batches(batch, new SplittableRandom(seed));
        int[] seen = new int[10];
        for (int b = 0; b < first.size(); b++) {
            assertArrayEquals(first.get(b).indices(), second.get(b).indices());
            assertArrayEquals(first.get(b).images().toFloatArray(), second.get(b).images().toFloatArray());
            for (int i : first.get(b).indices()) {
                seen[i]++;
            }
        }
        int[] ones = new int[10];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
        assertEquals((10 + batch - 1) / batch, first.size());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs().between(0, 1 << 20);
    }

    @Test
    void namesAreTheDocumentedOnes() {
        assertEquals(List.of("cells", "vessels", "lesions", "shapes", "edges", "disks"), SyntheticData.NAMES);
    }
}
