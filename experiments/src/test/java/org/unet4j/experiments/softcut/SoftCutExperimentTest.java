package org.unet4j.experiments.softcut;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

/** Runs the softcut experiment end to end in a tiny configuration, found by name through the service file. */
class SoftCutExperimentTest {

    @Test
    void everyVariantGetsARowAndScoresInRange(@TempDir Path tmp) throws Exception {
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
        double miou = record.results().get("softcut-(cg)-focal-dice-max-flow-miou");
        assertTrue(miou >= 0 && miou <= 1, record.toString());
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
