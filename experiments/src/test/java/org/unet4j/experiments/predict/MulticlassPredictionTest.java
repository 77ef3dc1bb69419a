package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.Unet4jCli;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapeClassesDataset;
import org.unet4j.experiments.datasets.files.DatasetFixtures;
import org.unet4j.experiments.datasets.files.DatasetSplits;
import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.MaskDecoder;
import org.unet4j.experiments.metrics.ClassScores;
import org.unet4j.experiments.softcut.MulticlassSoftCutExperiment;

/**
 * A multi-class {@code segmentation} run saves {@code predictor.json} with its class count, and {@code predict}
 * reproduces the run's per-class test scores from the argmax label maps; on the command line it writes 8-bit class
 * ids, a class-coloured overlay, one 16-bit probability map per class and per-class scores. The three networks of
 * {@code softcut-multiclass} are loaded too and reproduce the run's test mIoU on the regenerated test images.
 */
class MulticlassPredictionTest {
    private static final int SIZE = 16;
    private static final int CLASSES = 3;

    @TempDir
    static Path tmp;
    private static Path data;
    private static RunRecord record;

    @BeforeAll
    static void train() throws IOException {
        data = DatasetFixtures.threeClasses(tmp.resolve("classes"), 10, SIZE);
        record = Experiments.run("segmentation", Map.of("data", data.toString(), "epochs", 2, "size", SIZE,
                "filters", 4, "levels", 2, "batch", 4, "val-fraction", 0.2, "test-fraction", 0.3),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("run")));
    }

    @Test
    void theRunSavesItsClassCountAndPredictReproducesItsPerClassTestScores() throws IOException {
        Predictor predictor = Predictor.load(record.directory());
        assertEquals(CLASSES, predictor.config().recipe().classes());
        assertEquals(CLASSES, predictor.outputs());
        List<String> test = DatasetSplits.read(record.directory().resolve(DatasetSplits.FILE)).test();
        int plane = SIZE * SIZE;
        float[] oneHot = new float[test.size() * CLASSES * plane];
        float[] truth = new float[test.size() * plane];
        for (int s = 0; s < test.size(); s++) {
            BufferedImage image = ImageFiles.read(data.resolve("images/" + test.get(s) + ".png"));
            float[] p = predictor.probabilities(image, Predictor.Options.defaults());
            assertEquals(CLASSES * plane, p.length);
            int[] ids = predictor.classIds(p, plane);
            Path maskFile = data.resolve("masks/" + test.get(s) + ".png");
            int[] labels = MaskDecoder.decode(ImageFiles.read(maskFile), maskFile, false).labels();
            for (int i = 0; i < plane; i++) {
                oneHot[(s * CLASSES + ids[i]) * plane + i] = 1;
                truth[s * plane + i] = labels[i];
            }
        }
        Map<String, Double> predicted = ClassScores.of(Tensor.wrap(oneHot, test.size(), CLASSES, SIZE, SIZE),
                Tensor.wrap(truth, test.size(), 1, SIZE, SIZE));
        for (String score : List.of("dice", "iou", "accuracy", "dice-c1", "dice-c2", "iou-c1", "iou-c2")) {
            assertEquals(record.results().get(score), predicted.get(score), 1e-9, score + " of predict vs the run");
        }
    }

    @Test
    void predictWritesClassIdsAClassOverlayOneProbabilityMapPerClassAndPerClassScores() throws IOException {
        Path out = tmp.resolve("predicted");
        StringWriter err = new StringWriter();
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("predict", "--model", record.directory().toString(), "--in",
                data.resolve("images").toString(), "--out", out.toString(), "--probabilities", "--masks",
                data.resolve("masks").toString()), err.toString());
        BufferedImage mask = ImageFiles.read(out.resolve("c0_mask.png"));
        assertEquals(8, mask.getColorModel().getComponentSize(0));
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = mask.getRaster().getSample(x, y, 0);
                assertTrue(v >= 0 && v < CLASSES, "class id " + v);
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            BufferedImage p = ImageFiles.read(out.resolve("c0_prob_c" + c + ".png"));
            assertEquals(16, p.getColorModel().getComponentSize(0));
        }
        assertTrue(Files.isRegularFile(out.resolve("c0_overlay.png")));
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).get(0).equals(
                "image,dice,iou,accuracy,dice-c0,dice-c1,dice-c2,iou-c0,iou-c1,iou-c2"));
        String results = Files.readString(out.resolve("results.md"));
        assertTrue(results.contains("| Images | Dice ↑ | sd ↓ | IoU ↑ | sd ↓ | Acc ↑ | sd ↓ | Dice c0 ↑"), results);
    }

    @Test
    void everySoftCutMulticlassNetworkIsLoadedAndReproducesItsTestMiou() throws IOException {
        long seed = 11;
        int train = 4;
        int val = 2;
        int test = 3;
        RunRecord run = Experiments.run("softcut-multiclass", Map.of("epochs", 1, "train", train, "val", val,
                "test", test, "size", SIZE, "filters", 2, "batch", 2), RunOptions.defaults().silent()
                .withSeed(seed).withOutputDirectory(tmp.resolve("softcut-multiclass")));
        SegmentationDataset testSet = ShapeClassesDataset.generate(new ShapeClassesDataset.Spec(train + val + test,
                SIZE, 3, 0.2, new SplittableRandom(seed).nextLong())).range(train + val, train + val + test);
        int plane = SIZE * SIZE;
        for (String part : List.of("base", "softcut", "submodular-isotonic")) {
            Predictor predictor = Predictor.load(run.directory().resolve(part));
            assertEquals(CLASSES, predictor.config().recipe().classes(), part);
            float[] oneHot = new float[test * CLASSES * plane];
            for (int s = 0; s < test; s++) {
                Tensor image = testSet.images().slice(0, s, s + 1).reshape(1, SIZE, SIZE);
                int[] ids = predictor.classIds(predictor.probabilities(image, Predictor.Options.defaults()), plane);
                for (int i = 0; i < plane; i++) {
                    oneHot[(s * CLASSES + ids[i]) * plane + i] = 1;
                }
            }
            Map<String, Double> predicted = MulticlassSoftCutExperiment.scores(Tensor.wrap(oneHot, test, CLASSES,
                    SIZE, SIZE), testSet.masks());
            assertEquals(run.results().get(part + "-miou"), predicted.get("miou"), 1e-9, part + ": mIoU");
        }
    }

    @Test
    void aPredictorJsonWithoutAClassCountReadsAsABinaryModel() throws IOException {
        Path dir = tmp.resolve("old");
        new PredictorConfig(new ModelRecipe("PLN", new int[] {2, 4}, 1, 1,
                org.unet4j.layers.topology.ConvPadding.SAME, SIZE).withClasses(CLASSES),
                Predictor.load(record.directory()).config().input(), 0.5).write(dir);
        Path file = dir.resolve(PredictorConfig.FILE);
        String json = Files.readString(file);
        assertTrue(json.contains("\"classes\": 3"), json);
        Files.writeString(file, json.replaceAll(",\\s*\"classes\": 3", ""));
        assertEquals(2, PredictorConfig.read(file).recipe().classes());
        assertEquals(1, PredictorConfig.read(file).recipe().outChannels());
    }
}
