package org.unet4j.experiments.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.ClaimsInResults;

/** Runs the softcut experiment end to end in a tiny configuration, found by name through the service file. */
class SoftCutExperimentTest {

    @Test
    void everyVariantGetsARowTheTwoSolversAgreeAndEveryClaimAVerdict(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("softcut", Map.of("epochs", 1, "train", 4, "val", 2, "test", 2,
                "size", 16, "hidden", 2, "batch", 2, "losses", "focal-dice"),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("softcut")));
        String results = Files.readString(record.directory().resolve("results.md"));
        for (String row : new String[] {"base network, focal-dice", "SoftCut (exact), focal-dice",
            "SoftCut (CG), focal-dice", "SoftCut (exact), focal-dice + max-flow", "SoftCut (CG), focal-dice + max-flow",
            "Submodular, focal-dice", "Submodular (+ isotonic), focal-dice",
            "Submodular (+ isotonic), focal-dice + max-flow"}) {
            assertTrue(results.contains("| " + row + " |"), row + " missing from\n" + results);
        }
        // the exact and the CG solver solve the same SPD system from the same seed: the networks train alike
        for (String score : new String[] {"miou", "figures"}) {
            double exact = record.results().get("softcut-(exact)-focal-dice-" + score);
            double cg = record.results().get("softcut-(cg)-focal-dice-" + score);
            assertEquals(exact, cg, 1e-3 * Math.max(1, Math.abs(exact)), score + ": " + record);
        }
        assertEquals(2, ClaimsInResults.verdicts(record.directory(), SoftCutExperiment.claims("focal-dice")).size());
    }

    @Test
    void theRevealedPixelProtocolTrainsEveryVariant(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("softcut", Map.of("epochs", 1, "train", 4, "val", 2, "test", 2,
                "size", 16, "hidden", 2, "batch", 1, "losses", "revealed-bce", "revealed", 0.05),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("softcut-revealed")));
        String results = Files.readString(record.directory().resolve("results.md"));
        for (String row : new String[] {"base network, revealed-bce", "SoftCut (CG), revealed-bce",
            "Submodular (+ isotonic), revealed-bce + max-flow"}) {
            assertTrue(results.contains("| " + row + " |"), row + " missing from\n" + results);
        }
    }
}
