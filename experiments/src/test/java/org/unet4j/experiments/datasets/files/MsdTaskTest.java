package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.datasets.TensorDataset;

class MsdTaskTest {

    @Test
    void aTaskListsItsCasesLoadsZScoredImagesWithForegroundMasksAndIsDetected(@TempDir Path tmp) throws IOException {
        Path root = MsdFixtures.task(tmp.resolve("Task99_Balls"), 3, 6, 10, 12);
        MsdTask task = MsdTask.open(root);
        assertEquals("Balls", task.name());
        assertEquals(3, task.training().size());
        assertEquals(1, task.test().size());
        assertEquals("case_0", task.training().get(0).name());
        MsdTask.Volume v = MsdTask.load(task.training().get(0));
        assertArrayEquals(new int[] {1, 6, 10, 12}, v.image().dims());
        assertEquals(0, v.image().mean().item(), 1e-5);
        double[] mask = v.mask().toDoubleArray();
        assertTrue(java.util.Arrays.stream(mask).allMatch(m -> m == 0 || m == 1));
        assertTrue(java.util.Arrays.stream(mask).sum() > 0);
        assertEquals(DatasetLayout.MSD, LayoutScanner.detect(root).layout());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) throws IOException {
        Path root = MsdFixtures.task(tmp.resolve("task"), 3, 4, 8, 8);
        Files.delete(root.resolve("labelsTr/case_1.nii.gz"));
        IOException e = assertThrows(IOException.class, () -> MsdTask.open(root));
        assertTrue(e.getMessage().contains("./labelsTr/case_1.nii.gz"), e.getMessage());
    }

    @Test
    void positivePatchesAlwaysHoldForegroundAndEveryPatchIsACropOfItsVolume(@TempDir Path tmp) throws IOException {
        MsdTask task = MsdTask.open(MsdFixtures.task(tmp.resolve("task"), 3, 6, 14, 16));
        List<MsdTask.Volume> volumes = new ArrayList<>();
        for (MsdTask.Case c : task.training()) {
            volumes.add(MsdTask.load(c));
        }
        PatchSampler positive = new PatchSampler(volumes, new int[] {4, 6, 6}, 1);
        TensorDataset patches = positive.sample(12, new SplittableRandom(1));
        assertArrayEquals(new int[] {12, 1, 4, 6, 6}, patches.images().dims());
        for (int s = 0; s < 12; s++) {
            assertTrue(patches.masks().slice(0, s, s + 1).sum().item() > 0, "patch " + s + " holds foreground");
        }
        assertEquals(patches.images().toDoubleArray().length,
                positive.sample(12, new SplittableRandom(1)).images().toDoubleArray().length);
        assertArrayEquals(patches.images().toFloatArray(), positive.sample(12, new SplittableRandom(1)).images()
                .toFloatArray(), "the same generator gives the same patches");
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> new PatchSampler(volumes, new int[] {8, 6, 6}, 0.5));
        assertTrue(tooBig.getMessage().contains("smaller than the patch"), tooBig.getMessage());
    }
}
