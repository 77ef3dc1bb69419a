package org.unet4j.experiments.datasets.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

class DataParamsTest {
    private static final List<String> IMAGE_EXPERIMENTS = List.of("segmentation", "blocks", "noise", "solvers",
            "convergence", "memory", "softcut", "splitting-vs-unet");

    @Test
    void everyImageExperimentTakesTheDataParameters() {
        for (String name : IMAGE_EXPERIMENTS) {
            Experiment experiment = Experiments.find(name);
            assertTrue(experiment.params().containsAll(DataParams.ALL), name + " lacks the --data parameters");
        }
        assertTrue(new org.unet4j.experiments.Quickstart().params().containsAll(DataParams.ALL));
    }

    @Test
    void aPathParameterTakesTextOrAPathAndIsEmptyByDefault() {
        assertEquals("", DataParams.DATA.defaultValue());
        assertEquals("path", DataParams.DATA.typeName());
        assertEquals("data/Kvasir-SEG", DataParams.DATA.accept(Path.of("data", "Kvasir-SEG")));
        assertEquals("data/Kvasir-SEG", DataParams.DATA.parse(" data/Kvasir-SEG "));
    }

    @Test
    void aSegmentationRunOnAFolderWritesTheCardTheSplitsAndTheDataSettings(@TempDir Path tmp) throws Exception {
        Path data = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG"), 12, 20, true);
        Path dir = tmp.resolve("run");
        RunRecord record = Experiments.run("segmentation", Map.of("data", data.toString(), "color", "rgb",
                "epochs", 1, "size", 16, "filters", 2, "levels", 2, "batch", 4), RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        String card = Files.readString(dir.resolve(DatasetCard.FILE));
        assertTrue(card.contains("layout folders") && card.contains("labels 0/1 x 12"), card);
        DatasetSplits splits = DatasetSplits.read(dir.resolve(DatasetSplits.FILE));
        assertEquals(12, splits.train().size() + splits.validation().size() + splits.test().size());
        DataConfig config = DataConfig.read(dir.resolve(DataParams.CONFIG_FILE));
        assertEquals(3, config.channels());
        assertEquals(SizePolicy.of("resize", 16), config.size());
        assertTrue(Files.readString(dir.resolve("results.md")).contains("Kvasir-SEG (folders)"));
        assertTrue(record.results().get("dice") >= 0);
    }

    @Test
    void aRunTrainsOnTrainingImagesDecodedOnDemandWithABoundedCache(@TempDir Path tmp) throws Exception {
        Path data = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG"), 12, 20, false);
        RunRecord record = Experiments.run("segmentation", Map.of("data", data.toString(), "cache-mb", 1,
                "epochs", 2, "size", 16, "filters", 2, "levels", 2, "batch", 4), RunOptions.defaults().silent()
                .withOutputDirectory(tmp.resolve("run")));
        assertTrue(Files.readString(tmp.resolve("run/run.log")).contains("training part decoded on demand"));
        assertEquals(3, Files.readAllLines(tmp.resolve("run/metrics.csv")).size());
        assertTrue(record.results().get("dice") >= 0);
    }

    @Test
    void aMissingFolderIsReportedBeforeTheRunDirectoryIsCreated(@TempDir Path tmp) {
        assertRefusedWithoutARunDirectory(tmp, tmp.resolve("no-such-folder"), "auto", "no such folder");
    }

    @Test
    void anEmptyFolderIsReportedBeforeTheRunDirectoryIsCreated(@TempDir Path tmp) throws Exception {
        assertRefusedWithoutARunDirectory(tmp, Files.createDirectories(tmp.resolve("empty")), "auto",
                "the folder is empty");
    }

    @Test
    void anUnrecognisedLayoutIsReportedBeforeTheRunDirectoryIsCreated(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(data.resolve("readme.txt"), "no images here");
        assertRefusedWithoutARunDirectory(tmp, data, "auto", "cannot tell the layout");
    }

    @Test
    void aFolderWithoutTheChosenLayoutsFilesIsReportedBeforeTheRunDirectoryIsCreated(@TempDir Path tmp)
            throws Exception {
        Path data = DatasetFixtures.kvasir(tmp.resolve("Kvasir-SEG"), 4, 16, true);
        assertRefusedWithoutARunDirectory(tmp, data, "glas", "no samples found");
    }

    private static void assertRefusedWithoutARunDirectory(Path tmp, Path data, String layout, String expected) {
        Path dir = tmp.resolve("run");
        org.unet4j.experiments.api.ParamException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.unet4j.experiments.api.ParamException.class, () -> Experiments.run("segmentation",
                        Map.of("data", data.toString(), "layout", layout, "epochs", 1, "size", 16),
                        RunOptions.defaults().silent().withOutputDirectory(dir)));
        assertTrue(e.getMessage().contains("--data " + data) && e.getMessage().contains(expected), e.getMessage());
        assertTrue(Files.notExists(dir), "the run directory was created: " + dir);
    }
}
