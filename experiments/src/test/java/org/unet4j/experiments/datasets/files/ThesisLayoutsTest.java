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
    private static final int ROAD = 7;
    private static final int TRAFFIC_SIGN = 20;
    private static final int PERSON = 24;
    private static final int CAR = 26;

    /** Weizmann Horse as distributed: weizmann_horse_db/rgb/horseNNN.jpg and figure_ground/horseNNN.jpg. */
    private static Path weizmann(Path root, int count) throws IOException {
        Path db = root.resolve("weizmann_horse_db");
        for (int i = 1; i <= count; i++) {
            String name = String.format("horse%03d.jpg", i);
            DatasetFixtures.write(DatasetFixtures.image(16, 12, 6, 8, 3, i), "jpg", db.resolve("rgb").resolve(name));
            DatasetFixtures.write(DatasetFixtures.mask(16, 12, 6, 8, 3, 0, 255), "jpg",
                    db.resolve("figure_ground").resolve(name));
        }
        return root;
    }

    /**
     * Cityscapes: 64 x 32 images, road everywhere, a 4 x 4 traffic sign at rows 2-5, columns 2-5, a car at rows
     * 20-27, columns 40-55 and a person at rows 18-29, columns 20-21; three training images (aachen, bremen) and two
     * of the official validation set (frankfurt).
     */
    private static Path cityscapes(Path root) throws IOException {
        String[][] samples = {{"train", "aachen", "aachen_000000_000019"}, {"train", "aachen", "aachen_000001_000019"},
            {"train", "bremen", "bremen_000000_000019"}, {"val", "frankfurt", "frankfurt_000000_000294"},
            {"val", "frankfurt", "frankfurt_000000_000576"}};
        for (int i = 0; i < samples.length; i++) {
            String set = samples[i][0];
            String city = samples[i][1];
            String stem = samples[i][2];
            BufferedImage ids = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 64; x++) {
                    int id = ROAD;
                    if (y >= 2 && y < 6 && x >= 2 && x < 6) {
                        id = TRAFFIC_SIGN;
                    } else if (y >= 20 && y < 28 && x >= 40 && x < 56) {
                        id = CAR;
                    } else if (y >= 18 && y < 30 && x >= 20 && x < 22) {
                        id = PERSON;
                    }
                    ids.getRaster().setSample(x, y, 0, id);
                }
            }
            DatasetFixtures.write(DatasetFixtures.image(64, 32, 4, 4, 2, i), "png", root.resolve("leftImg8bit")
                    .resolve(set).resolve(city).resolve(stem + "_leftImg8bit.png"));
            DatasetFixtures.write(ids, "png", root.resolve("gtFine").resolve(set).resolve(city)
                    .resolve(stem + "_gtFine_labelIds.png"));
        }
        return root;
    }

    private static FolderDataset.Request request(Path root, SizePolicy size, long seed, List<String> classes) {
        return new FolderDataset.Request(root, null, "ah", true, size, null, 0.34, 0.15, seed, false, 2, 0, null,
                classes);
    }

    @Test
    void weizmannHorseIsRecognisedAndSplitLikeTheThesisWhateverTheSeed(@TempDir Path tmp) throws IOException {
        Path root = weizmann(tmp, 12);
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
        Path root = cityscapes(tmp);
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
        Path root = cityscapes(tmp);
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
        Path root = cityscapes(tmp);
        var e = assertThrows(IllegalArgumentException.class, () -> FolderDataset.load(request(root,
                SizePolicy.of("resize", 32), 7, List.of("traffic signs")), s -> { }));
        assertTrue(e.getMessage().contains("no class 'traffic signs'") && e.getMessage().contains("traffic sign,"),
                e.getMessage());
        assertEquals(List.of("traffic sign", "car"), CityscapesLabels.parse("traffic sign+car"));
        assertTrue(CityscapesLabels.choices().contains("traffic sign+car+person"));
        assertThrows(IllegalArgumentException.class, () -> CityscapesLabels.selection(List.of("car", "Car")));
    }
}
