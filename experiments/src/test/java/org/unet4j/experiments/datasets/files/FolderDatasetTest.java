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
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {
    private static final int SIZE = 24;

    @TempDir
    Path dir;

    private static FolderDataset.Request request(Path root, DatasetLayout layout, SizePolicy size) {
        return new FolderDataset.Request(root, layout, "ah", false, size, null, 0.2, 0.2, 7, false, 2);
    }

    private static FolderDataset.Loaded load(Path root) throws IOException {
        return FolderDataset.load(request(root, null, SizePolicy.of("resize", SIZE)), line -> { });
    }

    /** The loaded masks' foreground fraction lies near a disk's share of the image in every part. */
    private static void assertDisksFound(FolderDataset.Loaded loaded) {
        for (LabelledSet part : List.of((LabelledSet) loaded.train(), loaded.validation(), loaded.test())) {
            double f = part.foregroundFraction();
            assertTrue(f > 0.05 && f < 0.4, "foreground fraction " + f + " of " + part);
        }
    }

    @Test
    void autoRecognisesEveryLayoutFromFileNames() throws IOException {
        assertEquals(DatasetLayout.KVASIR_SEG, LayoutScanner.detect(DatasetFixtures.kvasir(dir.resolve("k"), 6,
                SIZE, false)).layout());
        assertEquals(DatasetLayout.FOLDERS, LayoutScanner.detect(DatasetFixtures.kvasir(dir.resolve("f"), 6, SIZE,
                true)).layout());
        assertEquals(DatasetLayout.ISIC2018, LayoutScanner.detect(DatasetFixtures.isic(dir.resolve("i"), 4, 2,
                SIZE)).layout());
        assertEquals(DatasetLayout.GLAS, LayoutScanner.detect(DatasetFixtures.glas(dir.resolve("g"), 2, 30, 20))
                .layout());
        assertEquals(DatasetLayout.DRIVE, LayoutScanner.detect(DatasetFixtures.drive(dir.resolve("d"), 3, SIZE))
                .layout());
        assertEquals(DatasetLayout.STARE, LayoutScanner.detect(DatasetFixtures.stare(dir.resolve("s"), 5, SIZE))
                .layout());
        assertEquals(DatasetLayout.DSB2018, LayoutScanner.detect(DatasetFixtures.dsb(dir.resolve("b"), 5, SIZE))
                .layout());
        assertEquals(DatasetLayout.BUSI, LayoutScanner.detect(DatasetFixtures.busi(dir.resolve("u"), 3, SIZE))
                .layout());
        assertEquals(DatasetLayout.MANIFEST, LayoutScanner.detect(DatasetFixtures.manifest(dir.resolve("m"), 6,
                SIZE)).layout());
    }

    @Test
    void theShortFormRecognisesTheLayoutAndSplitsSeventyFifteenFifteen() throws IOException {
        FolderDataset.Loaded loaded = FolderDataset.load(DatasetFixtures.kvasir(dir.resolve("k"), 20, SIZE, false),
                SizePolicy.of("resize", 16));
        assertEquals(DatasetLayout.KVASIR_SEG, loaded.card().layout());
        assertEquals(14, loaded.train().count());
        assertEquals(List.of(1, 16, 16), List.of(loaded.channels(), loaded.validation().images().dim(2),
                loaded.test().images().dim(3)));
    }

    @Test
    void kvasirJpegMasksAreThresholdedAndReportedAsLossy() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.kvasir(dir.resolve("k"), 10, SIZE, false));
        assertTrue(loaded.card().encodings().contains(MaskEncoding.BINARY_LOSSY.label()), loaded.card().toString());
        assertDisksFound(loaded);
    }

    @Test
    void zeroOneLabelMasksAreForegroundNotBackground() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.kvasir(dir.resolve("f"), 10, SIZE, true));
        assertEquals(MaskEncoding.LABELS_01.label() + " x 10", loaded.card().encodings());
        assertDisksFound(loaded);
    }

    @Test
    void isicKeepsItsOwnValidationFolderAndDrawsATestPartFromTraining() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.isic(dir.resolve("i"), 6, 2, SIZE));
        assertEquals(List.of("ISIC_0000006", "ISIC_0000007"), loaded.splits().validation());
        assertEquals(2, loaded.splits().test().size());
        assertEquals(4, loaded.splits().train().size());
    }

    @Test
    void glasInstanceMapsKeepObjectIdsBesideTheBinaryTargetAndTestsAreTestATestB() throws IOException {
        FolderDataset.Loaded loaded = FolderDataset.load(request(DatasetFixtures.glas(dir.resolve("g"), 3, 30, 21),
                null, SizePolicy.of("pad", 32)), line -> { });
        assertEquals(List.of("testA_1", "testA_2", "testA_3", "testB_1", "testB_2", "testB_3"),
                loaded.splits().test());
        assertTrue(loaded.card().encodings().startsWith(MaskEncoding.INSTANCES.label()), loaded.card().toString());
        float[] labels = loaded.test().labels().toFloatArray();
        float[] masks = loaded.test().masks().toFloatArray();
        Set<Float> ids = new java.util.TreeSet<>();
        for (int p = 0; p < labels.length; p++) {
            ids.add(labels[p]);
            assertEquals(labels[p] > 0 ? 1f : 0f, masks[p]);
        }
        assertEquals(Set.of(0f, 1f, 2f), ids);
        assertEquals(new TargetKind(2, true, false), loaded.card().targets());
    }

    @Test
    void driveReadsTiffImagesAndGifMasksWithItsTrainingAndTestParts() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.drive(dir.resolve("d"), 4, SIZE));
        assertEquals(List.of("test/05", "test/06", "test/07", "test/08"), loaded.splits().test());
        assertEquals(4, loaded.splits().train().size() + loaded.splits().validation().size());
        assertEquals(MaskEncoding.BINARY_MAX.label() + " x 8", loaded.card().encodings());
        assertEquals(TargetKind.binary(), loaded.card().targets(), "no mask/ folder: every pixel is scored");
        assertDisksFound(loaded);
    }

    @Test
    void driveFieldOfViewMasksMarkThePixelsOutsideAsInNoClass() throws IOException {
        Path root = DatasetFixtures.driveFieldOfView(DatasetFixtures.drive(dir.resolve("d"), 2, SIZE), 2, SIZE);
        FolderDataset.Loaded loaded = load(root);
        assertTrue(loaded.card().targets().fieldOfView(), loaded.card().toString());
        assertTrue(loaded.card().toMarkdown().contains("pixels outside them count in no score"),
                loaded.card().toMarkdown());
        float[] labels = loaded.test().labels().toFloatArray();
        float[] masks = loaded.test().masks().toFloatArray();
        int outside = 0;
        for (int p = 0; p < labels.length; p++) {
            outside += labels[p] == DecodedMask.OUTSIDE ? 1 : 0;
            assertEquals(labels[p] > 0 ? 1f : 0f, masks[p]);
        }
        int outsideDisk = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                outsideDisk += DatasetFixtures.inside(y, x, SIZE / 2, SIZE / 2, SIZE * 2 / 5) ? 0 : 1;
            }
        }
        assertEquals(2 * outsideDisk, outside, "the two test images' pixels outside their field-of-view disk");
        float[] targets = loaded.card().targets().targets(loaded.test()).masks().toFloatArray();
        for (int p = 0; p < labels.length; p++) {
            assertEquals(labels[p] < 0 ? TargetKind.OUTSIDE : masks[p], targets[p]);
        }
    }

    @Test
    void aDriveFieldOfViewFolderMissingOneMaskIsAnErrorNamingIt() throws IOException {
        Path root = DatasetFixtures.driveFieldOfView(DatasetFixtures.drive(dir.resolve("d"), 2, SIZE), 2, SIZE);
        Files.delete(root.resolve("test/mask/03_test_mask.gif"));
        IOException e = assertThrows(IOException.class, () -> load(root));
        assertTrue(e.getMessage().contains("03_test_mask.gif"), e.getMessage());
    }

    @Test
    void threeClassLabelMapsGiveAThreeClassTargetOfClassIds() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.threeClasses(dir.resolve("c"), 8, SIZE));
        TargetKind targets = loaded.card().targets();
        assertEquals(new TargetKind(3, false, false), targets);
        assertEquals(3, targets.outChannels());
        assertTrue(loaded.card().toString().contains("multi-class: 3 classes"), loaded.card().toString());
        Set<Float> ids = new java.util.TreeSet<>();
        for (float v : targets.targets(loaded.train()).masks().toFloatArray()) {
            ids.add(v);
        }
        assertEquals(Set.of(0f, 1f, 2f), ids);
    }

    @Test
    void anImageOfAThreeClassDatasetHoldingOnlyClassTwoKeepsClassTwo() throws IOException {
        Path root = DatasetFixtures.threeClasses(dir.resolve("c"), 8, SIZE);
        java.awt.image.BufferedImage onlyTwo = DatasetFixtures.mask(SIZE, SIZE, 12, 12, 5, 0, 2);
        DatasetFixtures.write(onlyTwo, "png", root.resolve("masks/c0.png"));
        FolderDataset.Loaded loaded = load(root);
        assertEquals(3, loaded.card().targets().classes());
        LabelledSet part = List.of((LabelledSet) loaded.train(), loaded.validation(), loaded.test()).stream()
                .filter(p -> p.names().contains("c0")).findFirst().orElseThrow();
        int row = part.names().indexOf("c0");
        float[] targets = loaded.card().targets().targets(part.labels()).toFloatArray();
        Set<Float> ids = new java.util.TreeSet<>();
        for (int p = row * SIZE * SIZE; p < (row + 1) * SIZE * SIZE; p++) {
            ids.add(targets[p]);
        }
        assertEquals(Set.of(0f, 2f), ids);
    }

    @Test
    void stareReadsPpmAndTheChosenAnnotator() throws IOException {
        Path root = DatasetFixtures.stare(dir.resolve("s"), 6, SIZE);
        double ah = ((LabelledSet) FolderDataset.load(request(root, null, SizePolicy.of("resize", SIZE)), l -> { })
                .train()).foregroundFraction();
        double vk = ((LabelledSet) FolderDataset.load(new FolderDataset.Request(root, null, "vk", false,
                SizePolicy.of("resize", SIZE), null, 0.2, 0.2, 7, false, 2), l -> { }).train()).foregroundFraction();
        assertTrue(vk > ah, "vk's larger disks: " + vk + " > " + ah);
    }

    @Test
    void dsbNucleiMergeIntoOneTargetWithOneIdPerNucleus() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.dsb(dir.resolve("b"), 6, SIZE));
        float max = 0;
        for (float v : ((LabelledSet) loaded.train()).labels().toFloatArray()) {
            max = Math.max(max, v);
        }
        assertEquals(2f, max);
        assertTrue(loaded.card().encodings().startsWith(MaskEncoding.INSTANCES.label()));
        assertEquals(new TargetKind(2, true, false), loaded.card().targets(), "binary targets, instance ids kept");
    }

    @Test
    void busiMergesExtraMasksOfOneImage() throws IOException {
        Path root = DatasetFixtures.busi(dir.resolve("u"), 3, SIZE);
        FolderDataset.Decoded merged = FolderDataset.decode(LayoutScanner.scan(DatasetLayout.BUSI, root, "ah")
                .get(0), false);
        FolderDataset.Decoded single = FolderDataset.decode(LayoutScanner.scan(DatasetLayout.BUSI, root, "ah")
                .get(1), false);
        assertEquals("benign/benign (1)", merged.files().name());
        assertTrue(merged.mask().foreground() > single.mask().foreground());
    }

    @Test
    void manifestSplitsAreKept() throws IOException {
        FolderDataset.Loaded loaded = load(DatasetFixtures.manifest(dir.resolve("m"), 8, SIZE));
        assertEquals(List.of("files/images/s0.jpg", "files/images/s1.jpg"), loaded.splits().test());
    }

    @Test
    void anImageNamedTwiceIsAnAmbiguityErrorNotASilentChoice() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("f"), 4, SIZE, true);
        DatasetFixtures.write(DatasetFixtures.image(SIZE, SIZE, 5, 5, 3, 1), "png", root.resolve("images/s0.png"));
        IOException e = assertThrows(IOException.class, () -> load(root));
        assertTrue(e.getMessage().contains("s0.jpg") && e.getMessage().contains("s0.png"), e.getMessage());
    }

    @Test
    void aMaskMixingZeroOneAnd255IsAnAmbiguityErrorNamingFileAndValues() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("f"), 4, SIZE, true);
        var mask = DatasetFixtures.mask(SIZE, SIZE, 10, 10, 4, 0, 1);
        mask.getRaster().setSample(0, 0, 0, 255);
        DatasetFixtures.write(mask, "png", root.resolve("masks/s2.png"));
        IOException e = assertThrows(MaskDecoder.AmbiguousMaskException.class, () -> load(root));
        assertTrue(e.getMessage().contains("s2.png") && e.getMessage().contains("{0, 1, 255}"), e.getMessage());
    }

    @Test
    void aPartWithoutForegroundIsAnErrorUnlessEmptyMasksAreAllowed() throws IOException {
        Path root = dir.resolve("empty");
        for (int i = 0; i < 5; i++) {
            DatasetFixtures.write(DatasetFixtures.image(SIZE, SIZE, 8, 8, 4, i), "png", root.resolve("images/s" + i
                    + ".png"));
            DatasetFixtures.write(DatasetFixtures.mask(SIZE, SIZE, 8, 8, 4, 0, 0), "png", root.resolve("masks/s" + i
                    + ".png"));
        }
        IOException e = assertThrows(IOException.class, () -> load(root));
        assertTrue(e.getMessage().contains("no foreground") && e.getMessage().contains("--empty-masks warn"),
                e.getMessage());
        List<String> warnings = new ArrayList<>();
        FolderDataset.load(new FolderDataset.Request(root, null, "ah", false, SizePolicy.of("resize", SIZE), null,
                0.2, 0.2, 7, true, 2), warnings::add);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("WARNING")), warnings.toString());
    }

    @Test
    void splitsAreSeededAndReusableFromSplitsJson() throws IOException {
        Path root = DatasetFixtures.kvasir(dir.resolve("f"), 12, SIZE, true);
        FolderDataset.Loaded a = load(root);
        assertEquals(a.splits(), load(root).splits());
        a.splits().write(dir.resolve("splits.json"));
        DatasetSplits read = DatasetSplits.read(dir.resolve("splits.json"));
        assertEquals(a.splits(), read);
        FolderDataset.Loaded b = FolderDataset.load(new FolderDataset.Request(root, null, "ah", false,
                SizePolicy.of("resize", SIZE), read, 0.5, 0.3, 99, false, 1), l -> { });
        assertEquals(a.splits(), b.splits());
        assertArrayEquals(a.test().images().toFloatArray(), b.test().images().toFloatArray());
    }

    @Test
    void theTrainingPartIsStandardisedPerChannel() throws IOException {
        FolderDataset.Loaded loaded = FolderDataset.load(new FolderDataset.Request(
                DatasetFixtures.kvasir(dir.resolve("f"), 8, SIZE, true), null, "ah", true,
                SizePolicy.of("resize", SIZE), null, 0.2, 0.2, 7, false, 2), l -> { });
        assertEquals(3, loaded.channels());
        float[] x = loaded.train().images().toFloatArray();
        int plane = SIZE * SIZE;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            int n = 0;
            for (int i = 0; i < loaded.train().count(); i++) {
                for (int p = 0; p < plane; p++) {
                    double v = x[(i * 3 + c) * plane + p];
                    sum += v;
                    squares += v * v;
                    n++;
                }
            }
            assertEquals(0, sum / n, 1e-4);
            assertEquals(1, squares / n, 1e-3);
        }
    }

    @Test
    void tilesCoverTheWholeImageWithTheLastTileAtTheEdge() {
        SizePolicy tile = SizePolicy.of("tile", 10);
        int h = 25;
        int w = 12;
        float[] image = new float[h * w];
        int[] labels = new int[h * w];
        for (int p = 0; p < labels.length; p++) {
            image[p] = p;
            labels[p] = p;
        }
        List<SizePolicy.Piece> pieces = tile.apply(image, 1, labels, h, w, "x");
        assertEquals(6, pieces.size());
        SizePolicy.Piece last = pieces.get(5);
        assertEquals(15, last.top());
        assertEquals(2, last.left());
        assertEquals(h * w - 1, last.labels()[99]);
    }

    @Test
    void padRefusesAnImageLargerThanTheSizeNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SizePolicy.of("pad", 8)
                .apply(new float[100], 1, new int[100], 10, 10, "big.png"));
        assertTrue(e.getMessage().contains("big.png"), e.getMessage());
    }

    @Test
    void netpbmPlainAndBinaryGreyAndColourDecode() throws IOException {
        Path p2 = dir.resolve("a.pgm");
        Files.writeString(p2, "P2\n# c\n3 1\n4\n0 2 4\n");
        var grey = ImageFiles.read(p2);
        assertEquals(0, grey.getRaster().getSample(0, 0, 0));
        assertEquals(128, grey.getRaster().getSample(1, 0, 0));
        assertEquals(255, grey.getRaster().getSample(2, 0, 0));
        Path p6 = dir.resolve("b.ppm");
        DatasetFixtures.writePpm(DatasetFixtures.image(5, 4, 2, 2, 1, 3), p6);
        var colour = ImageFiles.read(p6);
        assertEquals(DatasetFixtures.image(5, 4, 2, 2, 1, 3).getRGB(2, 2) & 0xffffff, colour.getRGB(2, 2) & 0xffffff);
        Path truncated = dir.resolve("c.ppm");
        Files.writeString(truncated, "P6 4 4 255 abc");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(truncated));
        assertTrue(e.getMessage().contains("c.ppm") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
