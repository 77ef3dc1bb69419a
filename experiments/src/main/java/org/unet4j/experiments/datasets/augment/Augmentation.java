package org.unet4j.experiments.datasets.augment;

import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.experiments.datasets.Batch;

/**
 * A random transformation of a training batch, applied to images and masks alike where geometry changes. Each draws
 * only from the generator it is given, so a seeded generator gives the same augmented batches.
 *
 * <pre>{@code
 * var augmentation = Augmentation.of(new Flip(), new Rotate90(), new IntensityJitter(0.1, 0.1));
 * }</pre>
 */
@FunctionalInterface
public interface Augmentation {
    /** The augmented batch. */
    Batch apply(Batch batch, SplittableRandom rng);

    /** The augmentations applied in order. */
    static Augmentation of(Augmentation... steps) {
        List<Augmentation> list = List.of(steps);
        return (batch, rng) -> {
            Batch out = batch;
            for (Augmentation step : list) {
                out = step.apply(out, rng);
            }
            return out;
        };
    }
}
