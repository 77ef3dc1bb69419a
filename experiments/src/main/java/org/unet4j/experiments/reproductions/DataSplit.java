package org.unet4j.experiments.reproductions;

import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.SegmentationDataset;

/**
 * A generated dataset cut into training, validation and test parts: the stand-in for one of the paper's datasets.
 *
 * @param name       the generator's name ({@link SyntheticData#NAMES})
 * @param train      the training images
 * @param validation the validation images (best model, learning curves)
 * @param test       the test images (result tables)
 */
public record DataSplit(String name, SegmentationDataset train, SegmentationDataset validation,
        SegmentationDataset test) {
    /** {@code train + validation + test} samples of the named generator, {@code size} pixels square. */
    public static DataSplit generate(String name, int train, int validation, int test, int size, long seed) {
        SegmentationDataset all = SyntheticData.generate(name, train + validation + test, size, seed);
        return new DataSplit(name, all.range(0, train), all.range(train, train + validation),
                all.range(train + validation, train + validation + test));
    }
}
