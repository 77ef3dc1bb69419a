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
        RunRecord record = Experiments.run("thesis", Map.ofEntries(Map.entry("experiment", n), Map.entry("epochs", 1),
                Map.entry("train", 3), Map.entry("val", 2), Map.entry("test", 2), Map.entry("size", 16),
                Map.entry("width", 2), Map.entry("batch", 2), Map.entry("tile", 8), Map.entry("overlap", 4),
                Map.entry("network", n == 1 ? "auto" : "unet")),
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
                "batch", 2, "data", data.toString(), "color", "rgb", "val-fraction", 0.34, "network", "unet"),
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
    void experimentTwoRunsTheThesisResNet18EncoderAtToySize(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("thesis", Map.of("experiment", 2, "epochs", 1, "train", 2, "val", 1,
                "test", 2, "size", 32, "width", 1, "batch", 2),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("run")));
        String results = Files.readString(record.directory().resolve("results.md"));
        assertTrue(results.contains("encoder resnet18 in the thesis, network resnet18 here"), results);
        for (ThesisRow row : ThesisSetup.of(2).rows()) {
            assertTrue(results.contains("| " + row.label() + " |"), row.label() + " missing from\n" + results);
        }
    }

    @Test
    void resNetSidesThatAreNotMultiplesOf32AreRefusedByName() {
        var tiles = assertThrows(IllegalArgumentException.class, () -> ThesisExperiment.checkSides(ThesisSetup.of(11),
                new ThesisExperiment.Settings(1, 2, 1e-2, 64, 0.05, new OverlappingTiles(16, 8)),
                ThesisNetwork.RESNET18));
        assertTrue(tiles.getMessage().contains("windows of tiles of 16 + 8 = 24 pixels are not a multiple of 32"),
                tiles.getMessage());
        ThesisExperiment.checkSides(ThesisSetup.of(11), new ThesisExperiment.Settings(1, 2, 1e-2, 64, 0.05,
                new OverlappingTiles(24, 8)), ThesisNetwork.RESNET18);
        var size = assertThrows(IllegalArgumentException.class, () -> ThesisExperiment.checkSides(ThesisSetup.of(3),
                new ThesisExperiment.Settings(1, 2, 1e-2, 48, 0.05, new OverlappingTiles(24, 8)),
                ThesisNetwork.AUTO.forExperiment(ThesisSetup.of(3))));
        assertTrue(size.getMessage().contains("images of 48 pixels are not a multiple of 32, which resnet34 needs; "
                + "use --size 64"), size.getMessage());
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
        assertEquals(ThesisNetwork.BASIC_CNN, ThesisNetwork.AUTO.forExperiment(ThesisSetup.of(1)));
        assertEquals(ThesisNetwork.RESNET18, ThesisNetwork.AUTO.forExperiment(ThesisSetup.of(10)));
        assertEquals(ThesisNetwork.RESNET34, ThesisNetwork.AUTO.forExperiment(ThesisSetup.of(6)));
        assertEquals(ThesisNetwork.BASIC_CNN, ThesisNetwork.of("basic-cnn").forExperiment(ThesisSetup.of(2)));
        var e = assertThrows(IllegalArgumentException.class, () -> ThesisNetwork.BASIC_CNN.build(null,
                new ThesisNetwork.Size(3, 3, 4, 0)));
        assertTrue(e.getMessage().contains("--network unet"), e.getMessage());
    }

    private static List<String> labels(int n) {
        return ThesisSetup.of(n).rows().stream().map(ThesisRow::label).toList();
    }
}
