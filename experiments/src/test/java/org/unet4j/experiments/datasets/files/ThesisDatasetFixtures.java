package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Writes tiny datasets in the layouts of the SoftCut thesis's datasets, Weizmann Horse and Cityscapes, for tests. */
public final class ThesisDatasetFixtures {
    static final int ROAD = 7;
    static final int TRAFFIC_SIGN = 20;
    static final int PERSON = 24;
    static final int CAR = 26;

    /** Weizmann Horse as distributed: weizmann_horse_db/rgb/horseNNN.jpg and figure_ground/horseNNN.jpg. */
    public static Path weizmann(Path root, int count) throws IOException {
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
    public static Path cityscapes(Path root) throws IOException {
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

    private ThesisDatasetFixtures() {
    }
}
