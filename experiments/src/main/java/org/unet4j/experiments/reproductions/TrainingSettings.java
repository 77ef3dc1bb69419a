package org.unet4j.experiments.reproductions;

import org.unet4j.autodiff.Losses;
import org.unet4j.experiments.training.LossFunction;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.ScheduleUnit;

/**
 * How every model of a reproduction is trained: Adam on the binary cross-entropy (Table 10), the learning rate
 * multiplied by {@code lrDecay} after every epoch, gradients clipped to norm 1.
 *
 * @param epochs       passes over the training images
 * @param batchSize    images per optimisation step
 * @param learningRate Adam's initial learning rate
 * @param lrDecay      the factor applied to the learning rate after every epoch
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double lrDecay) {
    /** The paper's settings (Table 10): 500 epochs, batch 16, learning rate 1e-4 decayed by 0.999 per epoch. */
    public static final TrainingSettings PAPER = new TrainingSettings(500, 16, 1e-4, 0.999);

    private static final double CLIP_NORM = 1;

    /** A trainer for {@code model} with these settings. */
    public Trainer trainer(Module model) {
        return trainer(model, Losses::bceWithLogits);
    }

    /** A trainer for {@code model} with these settings and another loss (e.g. deep supervision over the BCE). */
    public Trainer trainer(Module model, LossFunction loss) {
        return Trainer.builder(model, new Adam(model.parameters(), learningRate))
                .loss(loss)
                .epochs(epochs)
                .batchSize(batchSize)
                .schedule(LrSchedule.exponential(learningRate, lrDecay, ScheduleUnit.EPOCH))
                .clipGradientNorm(CLIP_NORM)
                .build();
    }

    /** "4 epochs, batch 8, Adam lr 0.005 x 0.999/epoch": for table captions. */
    public String describe() {
        return epochs + " epochs, batch " + batchSize + ", Adam lr " + learningRate
                + (lrDecay == 1 ? "" : " x " + lrDecay + "/epoch");
    }
}
