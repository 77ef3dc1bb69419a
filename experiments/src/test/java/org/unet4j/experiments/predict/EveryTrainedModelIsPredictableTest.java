package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.Quickstart;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.datasets.files.DatasetFixtures;
import org.unet4j.experiments.datasets.files.DatasetSplits;
import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.MaskDecoder;
import org.unet4j.experiments.metrics.SegmentationScores;

/**
 * Every model that an experiment trains can be loaded by {@code unet4j predict} from its directory in the run, and
 * reproduces the run's own test prediction: each experiment trains for one epoch on a generated Kvasir-layout folder
 * whose test split is one image, then the score the run reported for each model on that image equals the score of
 * {@link Predictor}'s mask of the image against its mask.
 */
class EveryTrainedModelIsPredictableTest {
    private static final int SIZE = 16;

    @TempDir
    static Path tmp;
    private static Path data;

    @BeforeAll
    static void writeDataset() throws IOException {
        data = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG"), 8, SIZE, true);
    }

    private static RunRecord run(String experiment, Map<String, Object> params) {
        return run(Experiments.find(experiment), params);
    }

    private static RunRecord run(Experiment experiment, Map<String, Object> params) {
        return run(experiment, params, data, SIZE);
    }

    private static RunRecord run(Experiment experiment, Map<String, Object> params, Path folder, int size) {
        Map<String, Object> all = new HashMap<>(params);
        all.putAll(Map.of("data", folder.toString(), "epochs", 1, "size", size, "val-fraction", 0.15,
                "test-fraction", 0.15));
        return Experiments.run(experiment, all, RunOptions.defaults().silent().withOutputDirectory(
                tmp.resolve(experiment.name())));
    }

    /** The one test image of the run and its scores under the model in {@code part} of the run. */
    private static Map<String, Double> predictedScores(RunRecord record, String part) throws IOException {
        return predictedScores(record, part, data);
    }

    private static Map<String, Double> predictedScores(RunRecord record, String part, Path data) throws IOException {
        List<String> test = DatasetSplits.read(record.directory().resolve(DatasetSplits.FILE)).test();
        assertEquals(1, test.size(), "the fixture's test split should be one image: " + test);
        BufferedImage image = ImageFiles.read(data.resolve("images/" + test.get(0) + ".jpg"));
        Predictor predictor = Predictor.load(record.directory().resolve(part));
        float[] p = predictor.probabilities(image, Predictor.Options.defaults());
        int[] labels = MaskDecoder.decode(ImageFiles.read(data.resolve("masks/" + test.get(0) + ".png")),
                data.resolve("masks/" + test.get(0) + ".png"), false).labels();
        float[] logits = new float[p.length];
        float[] target = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            logits[i] = p[i] >= predictor.config().threshold() ? 1 : -1;
            target[i] = labels[i] > 0 ? 1 : 0;
        }
        int h = image.getHeight();
        int w = image.getWidth();
        return SegmentationScores.of(Tensor.wrap(logits, 1, 1, h, w), Tensor.wrap(target, 1, 1, h, w));
    }

    /** The value the run reported under the key ending in {@code suffix}. */
    private static double reported(RunRecord record, String suffix) {
        List<Double> values = record.results().entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .map(Map.Entry::getValue).toList();
        assertEquals(1, values.size(), "one result should end in " + suffix + ": " + record.results().keySet());
        return values.get(0);
    }

    private static void assertReproduced(RunRecord record, String part, String score, String reportedSuffix)
            throws IOException {
        assertEquals(reported(record, reportedSuffix), predictedScores(record, part).get(score), 1e-9,
                part + ": predict's " + score + " differs from the run's");
    }

    @Test
    void segmentationsModelIsLoadedFromTheRunDirectory() throws IOException {
        RunRecord record = run("segmentation", Map.of("filters", 2, "levels", 2, "batch", 4));
        assertReproduced(record, "", "dice", "dice");
        assertReproduced(record, "", "accuracy", "accuracy");
    }

    @Test
    void everyBlockOfTable3AndBothDbVariantsAreLoaded() throws IOException {
        RunRecord record = run("blocks", Map.of("filters", 2, "levels", 2, "steps", 1, "batch", 4));
        for (String block : List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "DB", "DB-time", "DB-signed")) {
            assertReproduced(record, "data/" + block, "dice", "-" + block + "-dice");
        }
    }

    @Test
    void everySolversModelIsLoadedWithItsSolver() throws IOException {
        RunRecord record = run("solvers", Map.of("filters", 2, "levels", 2, "steps", 1, "batch", 4));
        for (String solver : List.of("Euler", "AB", "ABM", "RK4", "Dopri5")) {
            assertReproduced(record, "data/" + solver, "dice", "-" + solver + "-dice");
        }
        assertEquals("dopri5", Predictor.load(record.directory().resolve("data/Dopri5")).config().recipe().solver());
    }

    @Test
    void everySoftCutNetworkIsLoadedWithItsCut() throws IOException {
        RunRecord record = run("softcut", Map.of("hidden", 2, "batch", 4, "losses", "dice"));
        Map<String, String> parts = Map.of("base-dice", "base-network-dice", "exact-dice", "softcut-(exact)-dice",
                "cg-dice", "softcut-(cg)-dice", "submodular-dice", "submodular-dice",
                "submodular_isotonic-dice", "submodular-(+-isotonic)-dice");
        for (Map.Entry<String, String> part : parts.entrySet()) {
            assertReproduced(record, part.getKey(), "miou", part.getValue() + "-miou");
        }
    }

    @Test
    void everySplittingVsUNetModelIsLoaded() throws IOException {
        RunRecord record = run("splitting-vs-unet", Map.of("filters", 2, "batch", 4, "order-max-steps", 8));
        for (int m = 0; m < 3; m++) {
            assertReproduced(record, "model" + m, "dice", "dice-model" + m + "-0.0");
        }
        IOException e = assertThrows(IOException.class, () -> Predictor.load(record.directory()));
        assertTrue(e.getMessage().contains("3 trained models") && e.getMessage().contains("model0"), e.getMessage());
    }

    @Test
    void everyZooModelOfArchitecturesIsLoaded() throws IOException {
        Path folder = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG-32"), 8, 32, true);
        RunRecord record = run(Experiments.find("architectures"), Map.of("filters", 2, "levels", 2, "steps", 1,
                "batch", 4), folder, 32);
        for (String model : List.of("attention-unet", "dynunet", "u2net", "unext", "transunet", "cunet")) {
            Path part = record.directory().resolve("data/" + model);
            assertEquals(reported(record, "data-" + model + "-dice"), predictedScores(record, "data/" + model,
                    folder).get("dice"), 1e-9, model + ": predict's dice differs from the run's");
            if (!model.equals("cunet")) {
                assertEquals(model, Predictor.load(part).config().recipe().block());
            }
        }
    }

    @Test
    void bothQuickstartModelsAreLoaded() throws IOException {
        RunRecord record = run(new Quickstart(), Map.of("filters", 2, "levels", 2, "steps", 1, "batch", 4));
        for (String part : List.of("plain-unet", "db-unet")) {
            assertReproduced(record, part, "dice", part + "-dice");
        }
    }
}
