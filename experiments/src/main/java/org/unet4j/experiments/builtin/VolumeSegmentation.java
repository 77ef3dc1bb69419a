package org.unet4j.experiments.builtin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.VolumesDataset;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.MsdTask;
import org.unet4j.experiments.datasets.files.PatchSampler;
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
 * {@code size^3} voxels, or, with {@code --data}, on random {@code size^3} patches ({@link PatchSampler}) of a
 * Medical Segmentation Decathlon task ({@link MsdTask}) whose cases are split into training, validation and test
 * cases by {@code --val-fraction} and {@code --test-fraction} (validation and test scores are on patches of the
 * held-out cases, not on whole volumes), scored voxel-wise by {@link VolumeScores} (Dice, IoU, accuracy); the learning curves are
 * those of 2-D runs, the prediction overlays show the central depth slice of test volumes.
 */
final class VolumeSegmentation {
    /** The share of MSD patches centred on a foreground voxel (MONAI's RandCropByPosNegLabel, pos = neg = 1). */
    static final double POSITIVE_FRACTION = 0.5;

    private VolumeSegmentation() {
    }

    /** The task's cases shuffled and split into training, validation and test cases, at least one each. */
    private static List<List<MsdTask.Case>> split(MsdTask task, double valFraction, double testFraction,
            SplittableRandom rng) {
        List<MsdTask.Case> cases = new ArrayList<>(task.training());
        if (cases.size() < 3) {
            throw new IllegalArgumentException("the MSD task " + task.name() + " has " + cases.size() + " labelled "
                    + "cases; training, validation and test need at least one each");
        }
        for (int i = cases.size() - 1; i > 0; i--) {
            Collections.swap(cases, i, rng.nextInt(i + 1));
        }
        int n = cases.size();
        int test = Math.max(1, (int) Math.round(testFraction * n));
        int val = Math.max(1, Math.min(n - test - 1, (int) Math.round(valFraction * n)));
        return List.of(cases.subList(0, n - test - val), cases.subList(n - test - val, n - test),
                cases.subList(n - test, n));
    }

    private static List<MsdTask.Volume> load(List<MsdTask.Case> cases) throws IOException {
        List<MsdTask.Volume> volumes = new ArrayList<>();
        for (MsdTask.Case c : cases) {
            volumes.add(MsdTask.load(c));
        }
        return volumes;
    }

    /** The network {@code segmentation} trains in 3-D. */
    static UNet network(int inChannels, int levels, int filters, long seed) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        return UNet.builder().spatialDims(3).inChannels(inChannels).outChannels(1).levels(levels).filters(perLevel)
                .seed(seed).build();
    }

    static void run(ExperimentContext context) throws IOException {
        SplittableRandom random = context.random();
        int train = context.get(SegmentationExperiment.TRAIN);
        int val = context.get(SegmentationExperiment.VAL);
        int test = context.get(SegmentationExperiment.TEST);
        int size = context.get(SegmentationExperiment.SIZE);
        SegmentationDataset trainSet;
        SegmentationDataset valSet;
        SegmentationDataset testSet;
        String source;
        if (context.get(DataParams.DATA).isEmpty()) {
            SegmentationDataset all = VolumesDataset.generate(VolumesDataset.Spec.of(train + val + test, size, size,
                    random.nextLong()));
            trainSet = all.range(0, train);
            valSet = all.range(train, train + val);
            testSet = all.range(train + val, train + val + test);
            source = testSet.count() + " generated volumes";
        } else {
            MsdTask task = MsdTask.open(Path.of(context.get(DataParams.DATA)));
            List<List<MsdTask.Case>> split = split(task, context.get(DataParams.VAL_FRACTION),
                    context.get(DataParams.TEST_FRACTION), random.split());
            int[] patch = {size, size, size};
            trainSet = new PatchSampler(load(split.get(0)), patch, POSITIVE_FRACTION).sample(train, random.split());
            valSet = new PatchSampler(load(split.get(1)), patch, POSITIVE_FRACTION).sample(val, random.split());
            testSet = new PatchSampler(load(split.get(2)), patch, POSITIVE_FRACTION).sample(test, random.split());
            source = String.format(Locale.ROOT, "%d patches (%.0f%% centred on foreground) from %d held-out cases"
                    + " of the MSD task '%s' (%d training, %d validation cases),", testSet.count(),
                    100 * POSITIVE_FRACTION, split.get(2).size(), task.name(), split.get(0).size(),
                    split.get(1).size());
            context.info("MSD task " + task + ": cases split " + split.get(0).size() + " / " + split.get(1).size()
                    + " / " + split.get(2).size());
        }
        UNet model = network(trainSet.images().dim(1), context.get(SegmentationExperiment.LEVELS),
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
        TrainingResult result = trainer.fit(trainSet, valSet, context.trainingSession(""));
        Tensor logits = Trainer.predict(model, testSet.images(), context.get(SegmentationExperiment.BATCH));
        Map<String, Double> scores = VolumeScores.of(logits, testSet.masks());
        scores.forEach(context::report);
        context.report("best-epoch", result.bestEpoch());
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT,
                "Voxel-wise test scores on %s of %dx%dx%d voxels, best of %d epochs (epoch %d).", source, size,
                size, size, result.history().size(), result.bestEpoch()),
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
