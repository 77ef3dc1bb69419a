package org.unet4j.experiments.splitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

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
        for (String row : noiseRows) {
            String[] cells = row.split("\\|");
            assertEquals(2 + 2 * SplittingVsUNetExperiment.SIGMAS.length, cells.length, row);
            for (int c = 2; c < cells.length; c++) {
                double value = Double.parseDouble(cells[c].replace("**", "").trim());
                assertTrue(value >= 0 && value <= 1, row);
            }
        }
        assertEquals(5, results.lines().filter(l -> l.startsWith("| 1/")).count(), results);
        for (String png : List.of("dice-vs-noise.png", "splitting-order.png", "table-1.png", "table-2.png")) {
            assertNotNull(ImageIO.read(dir.resolve("plots").resolve(png).toFile()), png);
        }
        double order = record.results().get("splitting-order");
        assertTrue(Math.abs(order - 1) < 0.2, "observed order " + order);
    }
}
