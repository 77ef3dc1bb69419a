package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.datasets.Batch;

class LazyLabelledSetTest {
    private static final int SIZE = 24;

    @TempDir
    Path dir;

    private static FolderDataset.Request request(Path root, long cacheBytes, PrintStream progress) {
        return new FolderDataset.Request(root, null, "ah", true, SizePolicy.of("resize", SIZE), null, 0.2, 0.2, 7,
                false, 2, cacheBytes, progress);
    }

    @Test
    void onDemandBatchesEqualTheInMemoryOnesUnderTheSameShuffle() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("k"), 14, 30, true);
        FolderDataset.Loaded eager = FolderDataset.load(request(root, 0, null), l -> { });
        FolderDataset.Loaded lazy = FolderDataset.load(request(root, 1 << 20, null), l -> { });
        assertInstanceOf(LazyLabelledSet.class, lazy.train());
        assertEquals(eager.card().lines(), lazy.card().lines());
        List<Batch> a = eager.train().batches(3, new SplittableRandom(5));
        List<Batch> b = lazy.train().batches(3, new SplittableRandom(5));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), b.get(i).indices());
            assertArrayEquals(a.get(i).images().toFloatArray(), b.get(i).images().toFloatArray(), 1e-4f);
            assertArrayEquals(a.get(i).masks().toFloatArray(), b.get(i).masks().toFloatArray());
        }
    }

    @Test
    void onDemandClassIdAndFieldOfViewTargetsEqualTheInMemoryOnes() throws IOException {
        Path classes = DatasetFixtures.threeClasses(dir.resolve("c"), 10, 30);
        Path drive = DatasetFixtures.driveFieldOfView(DatasetFixtures.drive(dir.resolve("d"), 4, 30), 4, 30);
        for (Path root : List.of(classes, drive)) {
            FolderDataset.Loaded eager = FolderDataset.load(request(root, 0, null), l -> { });
            FolderDataset.Loaded lazy = FolderDataset.load(request(root, 1 << 20, null), l -> { });
            TargetKind targets = lazy.card().targets();
            assertEquals(eager.card().targets(), targets);
            assertTrue(targets.multiClass() || targets.fieldOfView(), targets.toString());
            List<Batch> a = targets.targets(eager.train()).batches(3, new SplittableRandom(5));
            List<Batch> b = targets.targets(lazy.train()).batches(3, new SplittableRandom(5));
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).masks().toFloatArray(), b.get(i).masks().toFloatArray());
            }
        }
    }

    @Test
    void theCacheKeepsWithinItsBudgetAndDecodesEvictedImagesAgain() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("k"), 14, 30, true);
        long perSample = 4L * (3 * SIZE * SIZE + SIZE * SIZE);
        FolderDataset.Loaded lazy = FolderDataset.load(request(root, 3 * perSample, null), l -> { });
        LazyLabelledSet train = (LazyLabelledSet) lazy.train();
        for (Batch batch : train.batches(4, new SplittableRandom(1))) {
            assertEquals(SIZE, batch.images().dim(2));
        }
        assertTrue(train.toString().contains("3 samples"), train.toString());
        FolderDataset.Loaded eager = FolderDataset.load(request(root, 0, null), l -> { });
        assertArrayEquals(eager.train().images().toFloatArray(), train.images().toFloatArray(), 1e-4f);
    }

    @Test
    void aProgressBarShowsTheFirstPassAndTilesAreRefused() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("k"), 8, 30, true);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        FolderDataset.load(request(root, 1 << 20, new PrintStream(console, true)), l -> { });
        assertTrue(console.toString().contains("decoding"), console.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(
                new FolderDataset.Request(root, null, "ah", true, SizePolicy.of("tile", 16), null, 0.2, 0.2, 7,
                        false, 2, 1 << 20, null), l -> { }));
        assertTrue(e.getMessage().contains("--cache-mb 0"), e.getMessage());
    }
}
