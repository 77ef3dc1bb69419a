package org.unet4j.experiments.reproductions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.unet4j.experiments.api.ExperimentContext;

/**
 * Trains every block type of Table 3 on each stand-in dataset with the same data, settings and seed, the common
 * part of the {@code blocks}, {@code noise} and {@code convergence} reproductions. Each model writes its
 * {@code metrics.csv} and checkpoints to {@code <dataset>/<block>/} in the run directory.
 *
 * @param dataset the data the models were trained and are tested on
 * @param models  one trained model per block, in {@link Architecture#BLOCKS} order, then any extra contenders
 */
public record BlockComparison(DataSplit dataset, List<TrainedModel> models) {
    /** Copies the models. */
    public BlockComparison {
        models = List.copyOf(models);
    }

    /** Trains all blocks on each of {@code datasets}, as the shared reproduction parameters {@code params} say. */
    public static List<BlockComparison> train(ExperimentContext context, ReproductionParams params,
            List<String> datasets) throws IOException {
        return train(context, params, datasets, List.of());
    }

    /**
     * As {@link #train(ExperimentContext, ReproductionParams, List)}, then the {@code extras} labelled as given
     * ({@link Architecture#DB_VARIANTS}), on the same data with the same model seed; the blocks' models are the same
     * as without extras.
     */
    public static List<BlockComparison> train(ExperimentContext context, ReproductionParams params,
            List<String> datasets, List<String> extras) throws IOException {
        SplittableRandom random = context.random();
        TrainingSettings settings = params.settings(context);
        Architecture architecture = params.architecture(context);
        int size = context.get(params.size);
        context.info("training " + String.join(", ", Architecture.BLOCKS)
                + (extras.isEmpty() ? "" : ", " + String.join(", ", extras)) + " on " + String.join(", ", datasets)
                + ": " + settings.describe());
        List<BlockComparison> all = new ArrayList<>();
        for (String name : datasets) {
            DataSplit data = params.split(context, name, random.nextLong());
            long modelSeed = random.nextLong();
            List<TrainedModel> models = new ArrayList<>();
            for (String block : Architecture.BLOCKS) {
                models.add(TrainedModel.fit(context, name + "/" + block, architecture.block(block, size), data,
                        settings, modelSeed));
            }
            for (String extra : extras) {
                models.add(TrainedModel.fit(context, name + "/" + extra, architecture.dynamicVariant(extra, size),
                        data, settings, modelSeed));
            }
            all.add(new BlockComparison(data, models));
        }
        return all;
    }
}
