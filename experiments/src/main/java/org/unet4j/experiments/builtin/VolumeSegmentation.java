package org.unet4j.experiments.builtin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.VolumesDataset;
import org.unet4j.experiments.datasets.files.DataConfig;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.DatasetSplits;
import org.unet4j.experiments.datasets.files.MsdTask;
import org.unet4j.experiments.datasets.files.Normalisation;
import org.unet4j.experiments.datasets.files.PatchSampler;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.experiments.metrics.VolumeScores;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.experiments.predict.Predictor;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.predict.WindowBlending;
import org.unet4j.experiments.training.EpochRecord;
import org.unet4j.experiments.training.Evaluator;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.experiments.training.TrainingResult;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.ScheduleUnit;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;

/**
 * {@code segmentation --dims 3}: a 3-D U-Net (PLN blocks, batch norm, filters doubled per level) trained on the
 * generated {@link VolumesDataset} (spheres, ellipsoids and tubes with noise and an intensity bias field) of
 * {@code size^3} voxels, or, with {@code --data}, on random {@code size^3} patches ({@link PatchSampler}) of a
 * Medical Segmentation Decathlon task ({@link MsdTask}) whose cases are split into training, validation and test
 * cases by {@code --val-fraction} and {@code --test-fraction}, scored voxel-wise by {@link VolumeScores} (Dice, IoU,
 * accuracy). The MSD test cases are segmented whole, by {@code size^3} windows slid over each volume and blended
 * ({@link Predictor}, as {@code unet4j predict} does), and so are the validation cases after every epoch: the
 * validation Dice, IoU and accuracy that pick the best epoch and stop early are those of the whole validation
 * volumes ({@link #wholeVolumeValidation}, the trainer's {@link Evaluator} hook), while the validation loss stays
 * the loss on {@code --val} patches of those cases. The case split is written to {@code splits.json}. The run saves
 * {@code predictor.json}, so {@code unet4j predict --model RUN_DIR --in VOLUME.nii.gz} segments new volumes. The
 * learning curves are those of 2-D runs, the prediction overlays show the central depth slice of test volumes.
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

    /** How {@code segmentation} builds its 3-D network: PLN blocks, filters doubled per level, patches of size^3. */
    static ModelRecipe recipe(int inChannels, int levels, int filters, int size) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        return new ModelRecipe("PLN", perLevel, 1, inChannels, ConvPadding.SAME, size).withSpatialDims(3);
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
        List<MsdTask.Volume> testVolumes = null;
        List<MsdTask.Volume> valVolumes = null;
        String source;
        if (context.get(DataParams.DATA).isEmpty()) {
            SegmentationDataset all = VolumesDataset.generate(VolumesDataset.Spec.of(train + val + test, size, size,
                    random.nextLong()));
            trainSet = all.range(0, train);
            valSet = all.range(train, train + val);
            testSet = all.range(train + val, train + val + test);
            source = String.format(Locale.ROOT, "%d generated volumes of %dx%dx%d voxels", testSet.count(), size, size,
                    size);
        } else {
            MsdTask task = MsdTask.open(Path.of(context.get(DataParams.DATA)));
            List<List<MsdTask.Case>> split = split(task, context.get(DataParams.VAL_FRACTION),
                    context.get(DataParams.TEST_FRACTION), random.split());
            int[] patch = {size, size, size};
            trainSet = new PatchSampler(load(split.get(0)), patch, POSITIVE_FRACTION).sample(train, random.split());
            valVolumes = load(split.get(1));
            valSet = new PatchSampler(valVolumes, patch, POSITIVE_FRACTION).sample(val, random.split());
            testVolumes = load(split.get(2));
            new DatasetSplits(names(split.get(0)), names(split.get(1)), names(split.get(2))).write(
                    context.directory().resolve(DatasetSplits.FILE));
            testSet = null;
            source = String.format(Locale.ROOT, "%d whole held-out volume(s) of the MSD task '%s' (%d training, %d"
                    + " validation cases), each segmented by sliding %d^3 windows (Gaussian blending, overlap 1/4;"
                    + " the best epoch by the Dice of the whole validation volumes segmented so, the validation loss"
                    + " on %d patches)", testVolumes.size(), task.name(), split.get(0).size(), split.get(1).size(),
                    size, valSet.count());
            context.info("MSD task " + task + ": cases split " + split.get(0).size() + " / " + split.get(1).size()
                    + " / " + split.get(2).size());
        }
        ModelRecipe recipe = recipe(trainSet.images().dim(1), context.get(SegmentationExperiment.LEVELS),
                context.get(SegmentationExperiment.FILTERS), size);
        UNet model = (UNet) recipe.build(random.nextLong());
        context.info(model.toString());
        double lr = context.get(SegmentationExperiment.LR);
        int channels = recipe.inChannels();
        PredictorConfig config = new PredictorConfig(recipe, new DataConfig(channels, SizePolicy.of("tile", size),
                new Normalisation(new double[channels], ones(channels))), 0.5, testVolumes != null);
        int batch = context.get(SegmentationExperiment.BATCH);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), lr))
                .epochs(context.get(SegmentationExperiment.EPOCHS))
                .batchSize(context.get(SegmentationExperiment.BATCH))
                .schedule(LrSchedule.exponential(lr, context.get(SegmentationExperiment.LR_DECAY),
                        ScheduleUnit.EPOCH))
                .clipGradientNorm(context.get(SegmentationExperiment.CLIP))
                .earlyStopping(context.get(SegmentationExperiment.PATIENCE))
                .evaluator(valVolumes == null ? VolumeScores::of
                        : wholeVolumeValidation(Predictor.of(config, model), valVolumes, batch))
                .build();
        TrainingResult result = trainer.fit(trainSet, valSet, context.trainingSession(""));
        config.write(context.directory());
        Tensor images;
        Tensor masks;
        Tensor logits;
        Map<String, Double> scores;
        if (testVolumes == null) {
            images = testSet.images();
            masks = testSet.masks();
            logits = Trainer.predict(model, images, context.get(SegmentationExperiment.BATCH));
            scores = VolumeScores.of(logits, masks);
        } else {
            scores = wholeVolumeScores(Predictor.of(config, model), testVolumes,
                    context.get(SegmentationExperiment.BATCH));
            MsdTask.Volume first = testVolumes.get(0);
            images = first.image().reshape(prepend(first.image().dims()));
            masks = first.mask().reshape(prepend(first.mask().dims()));
            logits = Tensor.wrap(logit(Predictor.of(config, model).probabilitiesOfStandardised(first.image(),
                    options(context.get(SegmentationExperiment.BATCH)))), masks.dims());
        }
        scores.forEach(context::report);
        context.report("best-epoch", result.bestEpoch());
        double trainSeconds = result.history().stream().mapToDouble(EpochRecord::seconds).sum();
        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT,
                "Voxel-wise test scores on %s, best of %d epochs (epoch %d).", source, result.history().size(),
                result.bestEpoch()),
                "Model", List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.higher("IoU", 3),
                        ResultTable.Column.higher("Acc", 3), ResultTable.Column.lower("Train s", 1)));
        table.addRow("3-D unet (" + model.parameterCount() + " params)", scores.get("dice"), scores.get("iou"),
                scores.get("accuracy"), trainSeconds);
        context.writeResults(List.of(table));
        SegmentationExperiment.writePlots(context, result, centralSlice(images), centralSlice(masks),
                centralSlice(logits));
    }

    /**
     * The validation scores of whole volumes: an {@link Evaluator} that leaves the trainer's patch logits aside and
     * scores {@code volumes} segmented whole by {@code predictor} (the model being trained, sliding windows) with
     * {@link #wholeVolumeScores}, the test volumes' scores.
     */
    static Evaluator wholeVolumeValidation(Predictor predictor, List<MsdTask.Volume> volumes, int batch) {
        return (patchLogits, patchMasks) -> wholeVolumeScores(predictor, volumes, batch);
    }

    private static List<String> names(List<MsdTask.Case> cases) {
        return cases.stream().map(MsdTask.Case::name).toList();
    }

    private static Predictor.Options options(int batch) {
        return new Predictor.Options(WindowBlending.GAUSSIAN, 0.25, false, batch);
    }

    /**
     * Dice, IoU and accuracy of each whole volume segmented by sliding windows ({@link Predictor}), as
     * {@code unet4j predict} segments it, averaged over the volumes.
     */
    static Map<String, Double> wholeVolumeScores(Predictor predictor, List<MsdTask.Volume> volumes,
            int batch) {
        Map<String, Double> mean = new LinkedHashMap<>();
        for (MsdTask.Volume v : volumes) {
            float[] p = predictor.probabilitiesOfStandardised(v.image(), options(batch));
            Tensor mask = v.mask().reshape(prepend(v.mask().dims()));
            VolumeScores.of(Tensor.wrap(logit(p), mask.dims()), mask).forEach((k, x) -> mean.merge(k,
                    x / volumes.size(), Double::sum));
        }
        return mean;
    }

    /** +1 where the probability is at least 1/2, else -1: logits whose sign is the mask. */
    private static float[] logit(float[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] >= 0.5f ? 1 : -1;
        }
        return out;
    }

    private static int[] prepend(int[] dims) {
        int[] out = new int[dims.length + 1];
        out[0] = 1;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    /** The central depth slice [N, C, H, W] of volumes [N, C, D, H, W]. */
    private static Tensor centralSlice(Tensor volumes) {
        int d = volumes.dim(2);
        return volumes.slice(2, d / 2, d / 2 + 1).reshape(volumes.dim(0), volumes.dim(1), volumes.dim(3),
                volumes.dim(4));
    }
}
