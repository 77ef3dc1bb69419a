package org.unet4j.experiments.reproductions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.unet4j.experiments.output.Plots;
import org.unet4j.experiments.training.EpochRecord;

/** Line charts of several models' per-epoch training records on one set of axes. */
public final class LearningCurves {
    private LearningCurves() {
    }

    /** The validation Dice of every model against epochs (Figure 3's layout). */
    public static void validationDice(Path file, String title, List<TrainedModel> models) throws IOException {
        write(file, title, "validation Dice", models, e -> e.score("dice"));
    }

    /** The mean training loss of every model against epochs. */
    public static void trainingLoss(Path file, String title, List<TrainedModel> models) throws IOException {
        write(file, title, "training loss", models, EpochRecord::trainLoss);
    }

    /** Training and validation loss of every model against epochs, two series per model. */
    public static void losses(Path file, String title, List<TrainedModel> models) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (TrainedModel m : models) {
            series.put(m.label() + " train", values(m, EpochRecord::trainLoss));
            series.put(m.label() + " val", values(m, e -> e.score("loss")));
        }
        Plots.lineChart(file, title, "epoch", "loss", epochs(models), series);
    }

    private static void write(Path file, String title, String yLabel, List<TrainedModel> models,
            ToDoubleFunction<EpochRecord> value) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (TrainedModel m : models) {
            series.put(m.label(), values(m, value));
        }
        Plots.lineChart(file, title, "epoch", yLabel, epochs(models), series);
    }

    private static double[] values(TrainedModel model, ToDoubleFunction<EpochRecord> value) {
        return model.result().history().stream().mapToDouble(value).toArray();
    }

    /** 1..E for the common number of epochs E; every model must have trained for as many. */
    private static double[] epochs(List<TrainedModel> models) {
        int count = models.get(0).result().history().size();
        for (TrainedModel m : models) {
            if (m.result().history().size() != count) {
                throw new IllegalArgumentException("learning curves need equally long histories: " + m.label()
                        + " has " + m.result().history().size() + " epochs, " + models.get(0).label() + " " + count);
            }
        }
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
