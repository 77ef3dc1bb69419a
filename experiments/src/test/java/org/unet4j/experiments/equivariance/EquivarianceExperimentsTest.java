package org.unet4j.experiments.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

/** The equivariance experiments end to end in tiny configurations, found through the registry. */
class EquivarianceExperimentsTest {

    @Test
    void periodicDisksTrainsClustersAndWritesItsTable(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("periodic-disks", Map.of("size", 100, "filters", 1, "iterations", 2,
                "train", 1, "upsampling", "transposed"), RunOptions.defaults().silent().withOutputDirectory(tmp));
        String results = Files.readString(tmp.resolve("results.md"));
        assertTrue(results.contains("16 / transposed") && results.contains("15 / transposed"), results);
        assertNotNull(ImageIO.read(tmp.resolve("plots").resolve("embeddings-15-transposed.png").toFile()));
        assertTrue(record.results().get("distinct-16-transposed") >= 0, record.results().toString());
    }

    @Test
    void tileAndStitchIsExactOnlyForValidTilesOfThePeriod(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("tile-and-stitch", Map.of("levels", 3, "filters", 2, "tiles", 2),
                RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        assertEquals(0.0, r.get("difference-valid-4"), r.toString());
        assertEquals(0.0, r.get("difference-valid-8"), r.toString());
        assertTrue(r.get("difference-valid-5") > 0, r.toString());
        assertTrue(r.get("difference-same-8") > 0, r.toString());
        assertTrue(Files.readString(tmp.resolve("results.md")).contains("max abs difference"));
    }
}
