package org.unet4j.experiments.reproductions;

import java.io.IOException;
import java.util.Optional;

import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.builtin.SyntheticData;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;

/**
 * A generated dataset cut into training, validation and test parts: the stand-in for one of the paper's datasets.
 *
 * @param name       the generator's name ({@link SyntheticData#NAMES}), or the {@code --data} folder's
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

    /**
     * The run's {@code --data} dataset in {@code size x size} samples when one was given ({@link DataParams}: the
     * counts do not apply, its own or seeded splits do), else {@link #generate}.
     */
    public static DataSplit forRun(ExperimentContext context, String name, int train, int validation, int test,
            int size, long seed) throws IOException {
        Optional<FolderDataset.Loaded> real = DataParams.load(context, size);
        if (real.isPresent()) {
            FolderDataset.Loaded l = real.get();
            return new DataSplit(DataParams.name(context, l), l.train(), l.validation(), l.test());
        }
        return generate(name, train, validation, test, size, seed);
    }
}
