package org.unet4j.experiments.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.ClaimsInResults;

/** Runs {@code splitting-vs-unet} in a tiny configuration and checks its tables, plots and headline numbers. */
class SplittingVsUNetExperimentTest {
    private static final Map<String, Object> TINY = Map.of("epochs", 1, "train", 4, "val", 2, "test", 2,
            "size", 16, "filters", 1, "batch", 4, "order-max-steps", 64);

    @Test
    void writesTheNoiseTableTheOrderTableAndThePlots(@TempDir Path tmp) throws Exception {
        Experiment experiment = Experiments.find("splitting-vs-unet");
        Path dir = tmp.resolve(experiment.name());
        RunRecord record = Experiments.run(experiment, TINY, RunOptions.defaults().silent().withOutputDirectory(dir));
        String results = Files.readString(dir.resolve("results.md"));
        List<String> noiseRows = results.lines().filter(l -> l.startsWith("| PottsMGNet") || l.startsWith("| U-Net")
                || l.startsWith("| DB-U-Net")).toList();
        assertEquals(3, noiseRows.size(), results);
        for (int m = 0; m < noiseRows.size(); m++) {
            String[] cells = noiseRows.get(m).split("\\|");
            assertEquals(2 + 2 * SplittingVsUNetExperiment.SIGMAS.length, cells.length, noiseRows.get(m));
            for (int s = 0; s < SplittingVsUNetExperiment.SIGMAS.length; s++) {
                double reported = record.results().get(String.format(Locale.ROOT, "dice-model%d-%.1f", m,
                        SplittingVsUNetExperiment.SIGMAS[s]));
                assertEquals(String.format(Locale.ROOT, "%.3f", reported), cells[2 + s].replace("**", "").trim(),
                        noiseRows.get(m));
            }
        }
        List<Double> errors = results.lines().filter(l -> l.startsWith("| 1/"))
                .map(l -> Double.parseDouble(l.split("\\|")[2].replace("**", "").trim())).toList();
        assertEquals(5, errors.size(), results);
        for (int i = 1; i < errors.size(); i++) {
            double ratio = errors.get(i - 1) / errors.get(i);
            assertTrue(ratio > 1.5 && ratio < 2.5, "halving dt divides a first-order error by about 2: " + errors);
        }
        assertEquals(Map.of(SplittingVsUNetExperiment.CLAIMS.get(0).statement(), "supported"),
                ClaimsInResults.verdicts(dir, SplittingVsUNetExperiment.CLAIMS));
        for (String png : List.of("dice-vs-noise.png", "splitting-order.png", "table-1.png", "table-2.png")) {
            assertNotNull(ImageIO.read(dir.resolve("plots").resolve(png).toFile()), png);
        }
        double order = record.results().get("splitting-order");
        assertTrue(Math.abs(order - 1) < 0.2, "observed order " + order);
    }
}
