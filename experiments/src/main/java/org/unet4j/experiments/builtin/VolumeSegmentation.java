package org.unet4j.experiments.builtin;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.VolumesDataset;
import org.unet4j.experiments.metrics.VolumeScores;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.training.EpochRecord;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.experiments.training.TrainingResult;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.ScheduleUnit;
import org.unet4j.layers.unet.UNet;

/**
 * {@code segmentation --dims 3}: a 3-D U-Net (PLN blocks, batch norm, filters doubled per level) trained on the
 * generated {@link VolumesDataset} (spheres, ellipsoids and tubes with noise and an intensity bias field) of
 * {@code size^3} voxels, scored voxel-wise by {@link VolumeScores} (Dice, IoU, accuracy); the learning curves are
 * those of 2-D runs, the prediction overlays show the central depth slice of test volumes.
 */
final class VolumeSegmentation {
    private VolumeSegmentation() {
    }

    /** The network {@code segmentation} trains in 3-D. */
    static UNet network(int levels, int filters, long seed) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        return UNet.builder().spatialDims(3).inChannels(1).outChannels(1).levels(levels).filters(perLevel)
                .seed(seed).build();
    }

    static void run(ExperimentContext context) throws IOException {
        SplittableRandom random = context.random();
        int train = context.get(SegmentationExperiment.TRAIN);
        int val = context.get(SegmentationExperiment.VAL);
        int test = context.get(SegmentationExperiment.TEST);
        int size = context.get(SegmentationExperiment.SIZE);
        SegmentationDataset all = VolumesDataset.generate(VolumesDataset.Spec.of(train + val + test, size, size,
                random.nextLong()));
        SegmentationDataset testSet = all.range(train + val, train + val + test);
        UNet model = network(context.get(SegmentationExperiment.LEVELS),
                context.get(SegmentationExperiment.FILTERS), random.nextLong());
        context.info(model.toString());
        double lr = context.get(SegmentationExperiment.LR);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), lr))
                .epochs(context.get(SegmentationExperiment.EPOCHS))
                .batchSize(context.get(SegmentationExperiment.BATCH))
                .schedule(LrSchedule.exponential(lr, context.get(SegmentationExperiment.LR_DECAY),
                        ScheduleUnit.EPOCH))
                .clipGradientNorm(context.get(SegmentationExperiment.CLIP))
                .earlyStopping(context.get(SegmentationExperiment.PATIENCE))
                .evaluator(VolumeScores::of)
                .build();
        TrainingResult result = trainer.fit(all.range(0, train), all.range(train, train + val),
                context.trainingSession(""));
        Tensor logits = Trainer.predict(model, testSet.images(), context.get(SegmentationExperiment.BATCH));
        Map<String, Double> scores = VolumeScores.of(logits, testSet.masks());
        scores.forEach(context::report);
        context.report("best-epoch", result.bestEpoch());
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT,
                "Voxel-wise test scores on %d generated volumes of %dx%dx%d voxels, best of %d epochs (epoch %d).",
                testSet.count(), size, size, size, result.history().size(), result.bestEpoch()),
                "Model", List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.higher("IoU", 3),
                        ResultTable.Column.higher("Acc", 3), ResultTable.Column.lower("Train s", 1)));
        table.addRow("3-D unet (" + model.parameterCount() + " params)", scores.get("dice"), scores.get("iou"),
                scores.get("accuracy"), trainSeconds);
        context.writeResults(List.of(table));
        SegmentationExperiment.writePlots(context, result, centralSlice(testSet.images()),
                centralSlice(testSet.masks()), centralSlice(logits));
    }

    /** The central depth slice [N, C, H, W] of volumes [N, C, D, H, W]. */
    private static Tensor centralSlice(Tensor volumes) {
        int d = volumes.dim(2);
        return volumes.slice(2, d / 2, d / 2 + 1).reshape(volumes.dim(0), volumes.dim(1), volumes.dim(3),
                volumes.dim(4));
    }
}
