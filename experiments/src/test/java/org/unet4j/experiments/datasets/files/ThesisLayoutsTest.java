package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SoftCut thesis's datasets as --data layouts: Weizmann Horse and Cityscapes, on tiny written fixtures. */
class ThesisLayoutsTest {
    private static FolderDataset.Request request(Path root, SizePolicy size, long seed, List<String> classes) {
        return new FolderDataset.Request(root, null, "ah", true, size, null, 0.34, 0.15, seed, false, 2, 0, null,
                classes);
    }

    @Test
    void weizmannHorseIsRecognisedAndSplitLikeTheThesisWhateverTheSeed(@TempDir Path tmp) throws IOException {
        Path root = ThesisDatasetFixtures.weizmann(tmp, 12);
        assertEquals(DatasetLayout.WEIZMANN_HORSE, LayoutScanner.detect(root).layout());
        FolderDataset.Loaded a = FolderDataset.load(request(root, SizePolicy.of("resize", 16), 1, List.of()),
                s -> { });
        FolderDataset.Loaded b = FolderDataset.load(request(root, SizePolicy.of("resize", 16), 99, List.of()),
                s -> { });
        assertEquals(a.splits(), b.splits(), "the split is fixed, not drawn by --seed");
        assertEquals(List.of(7, 2, 3), List.of(a.splits().train().size(), a.splits().validation().size(),
                a.splits().test().size()), "180/50/98 of 328, in proportion for 12 images");
        double foreground = ((LabelledSet) a.train()).foregroundFraction();
        assertTrue(foreground > 0.1 && foreground < 0.4, "the figure-ground JPEG masks decode to the disks: "
                + foreground);
    }

    @Test
    void theFull328WeizmannImagesSplitExactly180By50By98(@TempDir Path tmp) throws IOException {
        Path db = tmp.resolve("horse-db");
        BufferedImage image = DatasetFixtures.image(4, 4, 2, 2, 1, 0);
        BufferedImage mask = DatasetFixtures.mask(4, 4, 2, 2, 1, 0, 255);
        for (int i = 1; i <= 328; i++) {
            DatasetFixtures.write(image, "png", db.resolve("horse").resolve("horse" + i + ".png"));
            DatasetFixtures.write(mask, "png", db.resolve("mask").resolve("horse" + i + ".png"));
        }
        List<SampleFiles> samples = LayoutScanner.scan(LayoutScanner.detect(tmp).layout(), tmp, "ah");
        Map<String, Long> parts = samples.stream().collect(Collectors.groupingBy(SampleFiles::split,
                Collectors.counting()));
        assertEquals(Map.of("train", 180L, "validation", 50L, "test", 98L), parts);
        assertEquals(samples, LayoutScanner.scan(DatasetLayout.WEIZMANN_HORSE, tmp, "ah"), "deterministic");
    }

    @Test
    void cityscapesSelectsClassesByNameAndTestsOnTheOfficialValidationSet(@TempDir Path tmp) throws IOException {
        Path root = ThesisDatasetFixtures.cityscapes(tmp);
        assertEquals(DatasetLayout.CITYSCAPES, LayoutScanner.detect(root).layout());
        FolderDataset.Loaded loaded = FolderDataset.load(request(root, SizePolicy.of("resize", 32), 7,
                List.of("traffic sign", "car")), s -> { });
        assertEquals(List.of("frankfurt_000000_000294", "frankfurt_000000_000576"), loaded.splits().test());
        assertEquals(2, loaded.splits().train().size());
        assertEquals(1, loaded.splits().validation().size(), "validation drawn from the official training set");
        assertEquals(3, loaded.channels());
        float[] labels = loaded.test().labels().toFloatArray();
        int[] counts = new int[4];
        for (float l : labels) {
            counts[(int) l]++;
        }
        // resized 64x32 -> 32x32: the sign 2 columns x 4 rows, the car 8 x 8, road and person background
        assertEquals(2 * (2 * 4), counts[1], "traffic sign is class 1");
        assertEquals(2 * (8 * 8), counts[2], "car is class 2");
        assertEquals(0, counts[3]);
        FolderDataset.Loaded binary = FolderDataset.load(request(root, SizePolicy.of("resize", 32), 7, List.of()),
                s -> { });
        assertEquals(2 * 8, (int) binary.test().masks().sum().item(), "by default traffic signs only");
    }

    @Test
    void cityscapesTilesAreSampledSoThatMostContainTheSelectedClasses(@TempDir Path tmp) throws IOException {
        Path root = ThesisDatasetFixtures.cityscapes(tmp);
        FolderDataset.Loaded loaded = FolderDataset.load(request(root, SizePolicy.of("tile", 16), 7,
                List.of("traffic sign", "car")), s -> { });
        LabelledSet test = loaded.test();
        // every image: 8 tiles of 16 x 16, 3 with a sign or car (tile 0,0 and the car's two) and 5 without
        int withClasses = 0;
        for (int i = 0; i < test.count(); i++) {
            withClasses += test.masks().slice(0, i, i + 1).sum().item() > 0 ? 1 : 0;
        }
        assertEquals(6, withClasses, "every tile holding a selected class is kept");
        assertTrue(test.count() - withClasses <= 0.1 * test.count() + 1e-9, (test.count() - withClasses)
                + " background tiles of " + test.count());
        assertTrue(test.names().contains("frankfurt_000000_000294@0,0"), test.names().toString());
        FolderDataset.Loaded again = FolderDataset.load(request(root, SizePolicy.of("tile", 16), 7,
                List.of("traffic sign", "car")), s -> { });
        assertEquals(test.names(), again.test().names(), "the same seed keeps the same tiles");
    }

    @Test
    void anUnknownCityscapesClassIsAnErrorListingTheNames(@TempDir Path tmp) throws IOException {
        Path root = ThesisDatasetFixtures.cityscapes(tmp);
        var e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(request(root,
                SizePolicy.of("resize", 32), 7, List.of("traffic signs")), s -> { }));
        assertTrue(e.getMessage().contains("no class 'traffic signs'") && e.getMessage().contains("traffic sign,"),
                e.getMessage());
        assertEquals(List.of("traffic sign", "car"), CityscapesLabels.parse("traffic sign+car"));
        assertTrue(CityscapesLabels.choices().contains("traffic sign+car+person"));
        assertThrows(IllegalArgumentException.class, () -> CityscapesLabels.selection(List.of("car", "Car")));
    }
}
