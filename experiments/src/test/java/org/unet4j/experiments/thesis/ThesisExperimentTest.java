package org.unet4j.experiments.thesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.datasets.files.ThesisDatasetFixtures;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.softcut.CutTraining;

class ThesisExperimentTest {
    @ParameterizedTest(name = "Experiment {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void everyExperimentWritesItsTableWithEveryRowAndAVerdictForEveryClaim(int n, @TempDir Path tmp)
            throws Exception {
        RunRecord record = Experiments.run("thesis", Map.of("experiment", n, "epochs", 1, "train", 3, "val", 2,
                "test", 2, "size", 16, "width", 2, "batch", 2, "tile", 8, "overlap", 4),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("thesis-" + n)));
        String results = Files.readString(record.directory().resolve("results.md"));
        ThesisSetup setup = ThesisSetup.of(n);
        assertTrue(results.contains("**" + setup.table() + ".** Experiment " + n + " of the SoftCut thesis"), results);
        for (ThesisRow row : setup.rows()) {
            assertTrue(results.contains("| " + row.label() + " |"), row.label() + " missing from\n" + results);
        }
        String claims = results.substring(results.indexOf("## Claims"));
        for (Claim claim : setup.claims()) {
            assertTrue(claims.contains(claim.statement()), "no verdict on '" + claim.statement() + "' in\n" + claims);
        }
        assertEquals(setup.claims().size(), claims.lines().filter(l -> l.startsWith("- **")).count(), claims);
    }

    @Test
    void experimentOneRunsOnWeizmannHorseWithTheThesisSplit(@TempDir Path tmp) throws Exception {
        Path data = ThesisDatasetFixtures.weizmann(tmp.resolve("weizmann"), 12);
        RunRecord record = Experiments.run("thesis", Map.of("experiment", 1, "epochs", 1, "size", 16, "width", 2,
                "batch", 2, "data", data.toString(), "color", "rgb"),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("run")));
        String results = Files.readString(record.directory().resolve("results.md"));
        assertTrue(results.contains("test scores on 3 'weizmann (weizmann-horse)' samples"), results);
        assertTrue(Files.readString(record.directory().resolve("splits.json")).contains("horse"));
    }

    @ParameterizedTest(name = "Experiment {0}")
    @ValueSource(ints = {5, 10})
    void theCityscapesExperimentsRunOnTheirClasses(int n, @TempDir Path tmp) throws Exception {
        Path data = ThesisDatasetFixtures.cityscapes(tmp.resolve("cityscapes"));
        RunRecord record = Experiments.run("thesis", Map.of("experiment", n, "epochs", 1, "size", 16, "width", 2,
                "batch", 2, "data", data.toString(), "color", "rgb", "val-fraction", 0.34),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("run")));
        String results = Files.readString(record.directory().resolve("results.md"));
        assertTrue(results.contains("test scores on 2 'cityscapes (cityscapes)' samples"), results);
        assertTrue(Files.readString(record.directory().resolve("dataset.md")).contains("label ids, selected classes"),
                "the label ids were mapped to the thesis's classes");
        for (ThesisRow row : ThesisSetup.of(n).rows()) {
            double miou = record.results().get(row.label().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "")
                    .toLowerCase(java.util.Locale.ROOT) + "-miou");
            assertTrue(miou >= 0 && miou <= 1, row.label() + ": " + miou);
        }
    }

    @Test
    void theRowsAreTheThesisTables() {
        assertEquals(List.of("Base Network", "Submodular", "Submodular (+ isotonic)", "SoftCut (exact)",
                "SoftCut (approximate)"), labels(1));
        assertEquals(List.of("Base Network", "Submodular (+ isotonic)", "SoftCut (exact)", "SoftCut (approximate)"),
                labels(2));
        assertEquals(List.of("Base Network", "Submodular (+ isotonic)", "SoftCut (approximate)"), labels(4));
        assertEquals(List.of("Base Network, Dice", "Submodular (+ isotonic), Dice", "SoftCut (exact), Dice",
                "SoftCut (approximate), Dice", "Base Network, Focal Dice", "Submodular (+ isotonic), Focal Dice",
                "SoftCut (approximate), Focal Dice"), labels(7));
        assertEquals(List.of("Base Network", "Submodular (+ isotonic)", "SoftCut (exact)", "SoftCut (approximate)",
                "Submodular (+ isotonic) + MaxFlow", "SoftCut (approximate) + MaxFlow"), labels(8));
        assertEquals("Table 19", ThesisSetup.of(11).table());
        assertEquals(ThesisSetup.Task.SPECIFIC_OBJECT, ThesisSetup.of(6).task());
        assertEquals(1, ThesisSetup.of(5).extraChannels());
        assertEquals(6, ThesisSetup.of(8).networks().size() + 2, "the max-flow rows reuse the trained networks");
        assertThrows(IllegalArgumentException.class, () -> ThesisSetup.of(12));
    }

    @Test
    void scoresAreMeansOverTheTestImagesWithTheirStandardError() {
        // image 0: prediction = truth (IoU 1, one figure); image 1: two predicted figures, truth one of them (IoU 1/2)
        Tensor masks = Tensor.wrap(new double[] {1, 0, 0, 1, 0, 0}, 2, 1, 1, 3);
        Tensor logits = Tensor.wrap(new double[] {5, -5, -5, 5, -5, 5}, 2, 1, 1, 3);
        ThesisScores s = ThesisScores.binary(logits, masks, CutTraining.loss("dice"));
        assertEquals(0.75, s.miouSummary().mean(), 1e-12);
        assertEquals(Math.sqrt(0.125 / 2), s.miouSummary().standardError(), 1e-12, "sd 0.3536 over 2 images, / sqrt 2");
        assertEquals(1.5, s.figuresSummary().mean(), 1e-12);
        assertEquals("0.7500 (0.2500)", s.miouSummary().toString());
        assertTrue(s.lossSummary().mean() > 0 && s.lossSummary().mean() < 1);
        ThesisScores halves = ThesisScores.concat(List.of(ThesisScores.binary(logits.slice(0, 0, 1),
                masks.slice(0, 0, 1), CutTraining.loss("dice")), ThesisScores.binary(logits.slice(0, 1, 2),
                masks.slice(0, 1, 2), CutTraining.loss("dice"))));
        assertEquals(s.miouSummary(), halves.miouSummary(), "scored a chunk at a time, the same");
    }

    @Test
    void theNetworkOptionResolvesToTheThesisArchitecture() {
        assertEquals(ThesisNetwork.BASIC_CNN, ThesisNetwork.AUTO.forExperiment(1));
        assertEquals(ThesisNetwork.UNET, ThesisNetwork.AUTO.forExperiment(10));
        assertEquals(ThesisNetwork.BASIC_CNN, ThesisNetwork.of("basic-cnn").forExperiment(2));
        var e = assertThrows(IllegalArgumentException.class, () -> ThesisNetwork.BASIC_CNN.build(null,
                new ThesisNetwork.Size(3, 3, 4, 0)));
        assertTrue(e.getMessage().contains("--network unet"), e.getMessage());
    }

    private static List<String> labels(int n) {
        return ThesisSetup.of(n).rows().stream().map(ThesisRow::label).toList();
    }
}
