package org.unet4j.experiments.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Device;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.RunConfig;

/** Runs the segmentation experiment end to end in a tiny configuration and checks every promised output. */
class SegmentationExperimentTest {
    private static final Map<String, Object> TINY = Map.of("epochs", 2, "train", 12, "val", 4, "test", 4,
            "size", 16, "filters", 2, "levels", 2, "batch", 4);

    @Test
    void segmentationWritesEveryPromisedOutput(@TempDir Path tmp) throws Exception {
        Experiment experiment = Experiments.find("segmentation");
        Path dir = tmp.resolve(experiment.name());
        RunRecord record = Experiments.run(experiment, TINY, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        assertEquals(dir, record.directory());
        Map<String, Object> config = RunConfig.parseObject(Files.readString(dir.resolve("config.json")));
        assertEquals(experiment.name(), config.get("experiment"));
        assertEquals(7.0, config.get("seed"));
        assertEquals(Device.defaultDevice().name(), config.get("device"));
        assertTrue(((Map<?, ?>) config.get("versions")).containsKey("unet4j"), config.toString());
        assertEquals(experiment.params().size(), ((Map<?, ?>) config.get("parameters")).size());
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(3, csv.size(), csv.toString());
        for (String line : csv.subList(1, csv.size())) {
            assertEquals(csv.get(0).split(",").length, line.split(",", -1).length, line);
        }
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("| Model | Dice ↑ |"), results);
        assertTrue(Files.readString(dir.resolve("run.log")).contains("done: outputs in"));
        for (String png : List.of("loss.png", "validation.png", "predictions.png", "table-1.png")) {
            assertNotNull(ImageIO.read(dir.resolve("plots").resolve(png).toFile()), png);
        }
        assertTrue(record.results().get("dice") >= 0 && record.results().get("dice") <= 1, record.toString());
    }

    @Test
    void aPausedRunResumedFromTheCliDirectoryGivesTheSameResults(@TempDir Path tmp) {
        Map<String, Object> params = Map.of("epochs", 3, "train", 8, "val", 4, "test", 4, "size", 16,
                "filters", 2, "levels", 2, "batch", 4, "model", "conv-net", "dataset", "lesions");
        RunOptions options = RunOptions.defaults().silent().withSeed(3);
        RunRecord straight = Experiments.run("segmentation", params, options.withOutputDirectory(tmp.resolve("a")));
        RunRecord paused = Experiments.run("segmentation", params, options.withOutputDirectory(tmp.resolve("b"))
                .pausingAfter(1));
        assertEquals(1, paused.pausedAfter());
        ParamException otherSeed = assertThrows(ParamException.class, () -> Experiments.run("segmentation",
                Map.of(), options.withSeed(99).resuming(tmp.resolve("b"))));
        assertTrue(otherSeed.getMessage().startsWith("cannot resume with seed = 99: the run was started with seed = 3"),
                otherSeed.getMessage());
        RunRecord resumed = Experiments.run("segmentation", Map.of(),
                RunOptions.defaults().silent().resuming(tmp.resolve("b")));
        assertEquals(straight.results(), resumed.results());
    }

    @Test
    void threeDimensionsTrainAVolumetricUNetOnGeneratedVolumes(@TempDir Path tmp) throws Exception {
        Map<String, Object> params = Map.of("dims", 3, "epochs", 2, "train", 4, "val", 2, "test", 2, "size", 16,
                "filters", 2, "levels", 2, "batch", 2);
        Path dir = tmp.resolve("seg3d");
        RunRecord record = Experiments.run("segmentation", params, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        assertTrue(Files.readString(dir.resolve("run.log")).contains("3-D"), "the log shows the 3-D U-Net");
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("16x16x16 voxels") && results.contains("3-D unet"), results);
        for (String png : List.of("loss.png", "validation.png", "predictions.png")) {
            assertNotNull(ImageIO.read(dir.resolve("plots").resolve(png).toFile()), png);
        }
        double dice = record.results().get("dice");
        assertTrue(dice >= 0 && dice <= 1, record.toString());
    }

    @Test
    void threeDimensionsRejectTheTwoDimensionalOnlyOptionsByName() {
        for (Map<String, Object> params : List.of(Map.<String, Object>of("dims", 3, "model", "conv-net"),
                Map.<String, Object>of("dims", 3, "augment", true))) {
            ParamException e = assertThrows(ParamException.class, () -> Experiments.run("segmentation", params,
                    RunOptions.defaults().silent()));
            assertTrue(e.getMessage().contains("--dims 3") || e.getMessage().contains("--augment"), e.getMessage());
        }
    }

    @Test
    void threeDimensionsTrainOnPatchesOfAMedicalSegmentationDecathlonTask(@TempDir Path tmp) throws Exception {
        Path task = org.unet4j.experiments.datasets.files.MsdFixtures.task(tmp.resolve("Task99_Balls"), 4, 16, 18,
                20);
        Map<String, Object> params = Map.of("dims", 3, "data", task.toString(), "epochs", 1,
                "train", 4, "val", 2, "test", 2, "size", 16, "filters", 2, "levels", 2, "batch", 2);
        Path dir = tmp.resolve("msd");
        RunRecord record = Experiments.run("segmentation", params, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("MSD task 'Balls' (2 training, 1 validation cases)"), results);
        double dice = record.results().get("dice");
        assertTrue(dice >= 0 && dice <= 1, record.toString());
    }

    private static final Map<String, Object> TINY_DATA = Map.of("epochs", 2, "size", 16, "filters", 4, "levels", 2,
            "batch", 4, "lr", 1e-2);

    private static Map<String, Object> withData(Path data) {
        Map<String, Object> params = new java.util.HashMap<>(TINY_DATA);
        params.put("data", data.toString());
        return params;
    }

    @Test
    void aThreeClassFolderTrainsAThreeChannelHeadAndReportsPerClassDiceAndIou(@TempDir Path tmp) throws Exception {
        Path data = org.unet4j.experiments.datasets.files.DatasetFixtures.threeClasses(tmp.resolve("classes"), 24,
                32);
        Path dir = tmp.resolve("run");
        Map<String, Object> params = withData(data);
        params.putAll(Map.of("epochs", 12, "size", 32, "filters", 8, "levels", 3));
        RunRecord record = Experiments.run("segmentation", params, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
        for (String column : List.of("val_dice", "val_iou", "val_dice-c1", "val_dice-c2", "val_iou-c1",
                "val_iou-c2")) {
            assertTrue(List.of(header.split(",")).contains(column), header);
        }
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("| Model | Dice ↑ | IoU ↑ | Acc ↑ | Dice c1 ↑ | Dice c2 ↑ | IoU c1 ↑"
                + " | IoU c2 ↑ |"), results);
        assertTrue(results.contains("means over the foreground classes 1..2"), results);
        assertTrue(Files.readString(dir.resolve("dataset.md")).contains("multi-class: 3 classes"));
        double mean = (record.results().get("dice-c1") + record.results().get("dice-c2")) / 2;
        assertEquals(mean, record.results().get("dice"), 1e-12, record.toString());
        assertTrue(record.results().get("dice-c1") > 0.7 && record.results().get("dice-c2") > 0.7,
                "cross-entropy on the 3-channel head learns both classes: " + record);
        assertEquals(3, org.unet4j.experiments.predict.PredictorConfig.read(dir.resolve("predictor.json")).recipe()
                .classes(), "predictor.json records the class count");
    }

    @Test
    void glasInstanceIdsAddObjectScoresToTheTestResults(@TempDir Path tmp) throws Exception {
        Path data = org.unet4j.experiments.datasets.files.DatasetFixtures.glas(tmp.resolve("glas"), 4, 40, 32);
        Path dir = tmp.resolve("run");
        RunRecord record = Experiments.run("segmentation", withData(data), RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("| Model | Object AHD ↓ | Splits ↓ | Merges ↓ | Objects ↑"
                + " | Unmatched ↓ |"), results);
        assertEquals(16, record.results().get("objects"), 0, "8 test images of two glands each");
        assertTrue(record.results().get("object-merges") >= 0 && record.results().get("object-splits") >= 0);
    }

    @Test
    void driveScoresOnlyInsideTheFieldOfViewAndSaysSo(@TempDir Path tmp) throws Exception {
        Path root = org.unet4j.experiments.datasets.files.DatasetFixtures.drive(tmp.resolve("drive"), 4, 24);
        org.unet4j.experiments.datasets.files.DatasetFixtures.driveFieldOfView(root, 4, 24);
        Path dir = tmp.resolve("run");
        Experiments.run("segmentation", withData(root), RunOptions.defaults().silent().withOutputDirectory(dir));
        String results = Files.readString(dir.resolve("results.md"));
        assertTrue(results.contains("Pixels outside the field of view count in no score"), results);
        String card = Files.readString(dir.resolve("dataset.md"));
        assertTrue(card.contains("field of view: 8 field-of-view masks; pixels outside them count in no score"),
                card);
    }
}
