package org.unet4j.experiments.reproductions;

import java.io.IOException;
import java.util.Map;

import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.training.EpochRecord;
import org.unet4j.experiments.training.LossFunction;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.experiments.training.TrainingResult;
import org.unet4j.layers.Module;

/**
 * A model trained by the shared {@link Trainer}, holding its best validation weights, with its training history.
 *
 * @param label  the row label of the result tables
 * @param model  the trained model (best validation epoch's weights, evaluation mode)
 * @param result the training history
 */
public record TrainedModel(String label, Module model, TrainingResult result) {
    /**
     * Builds {@code contender} from {@code seed} and trains it on {@code data} with {@code settings}, writing
     * {@code metrics.csv}, checkpoints and, for a contender with a recipe, {@code predictor.json} (what
     * {@code unet4j predict} needs) to the run's sub-directory {@code part}.
     */
    public static TrainedModel fit(ExperimentContext context, String part, Contender contender, DataSplit data,
            TrainingSettings settings, long seed) throws IOException {
        return fit(context, part, contender, data, settings, seed, Losses::bceWithLogits);
    }

    /** As {@link #fit(ExperimentContext, String, Contender, DataSplit, TrainingSettings, long)} with {@code loss}. */
    public static TrainedModel fit(ExperimentContext context, String part, Contender contender, DataSplit data,
            TrainingSettings settings, long seed, LossFunction loss) throws IOException {
        Module model = contender.build(seed);
        context.info(part + ": " + contender.label() + ", " + model.parameterCount() + " parameters");
        TrainingResult result = settings.trainer(model, loss).fit(data.train(), data.validation(),
                context.trainingSession(part));
        if (contender.recipe() != null) {
            PredictorConfig.save(context, part, contender.recipe());
        }
        return new TrainedModel(contender.label(), model, result);
    }

    /** The model's logits for {@code images}, on the host, in batches of {@code batchSize}, without taping. */
    public Tensor predict(Tensor images, int batchSize) {
        return Trainer.predict(model, images, batchSize);
    }

    /** The {@link SegmentationScores} of the model's predictions for {@code images} against {@code masks}. */
    public Map<String, Double> scores(Tensor images, Tensor masks, int batchSize) {
        return SegmentationScores.of(predict(images, batchSize), masks);
    }

    /** Wall-clock seconds of training, validation included. */
    public double trainSeconds() {
        return result.history().stream().mapToDouble(EpochRecord::seconds).sum();
    }

    /** The validation Dice after each epoch. */
    public double[] validationDice() {
        return result.history().stream().mapToDouble(e -> e.score("dice")).toArray();
    }
}
