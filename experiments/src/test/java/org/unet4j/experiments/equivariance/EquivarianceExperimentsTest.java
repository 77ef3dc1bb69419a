package org.unet4j.experiments.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
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
    void equivarianceDisksTrainsClustersAndWritesItsTableAndEmbeddings(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("equivariance-disks", Map.of("size", 100, "filters", 1, "iterations", 2,
                "train", 1), RunOptions.defaults().silent().withOutputDirectory(tmp));
        String results = Files.readString(tmp.resolve("results.md"));
        for (String row : new String[] {"16 / transposed", "16 / nearest", "15 / transposed", "15 / nearest"}) {
            assertTrue(results.contains("| " + row + " |"), results);
            String key = row.replace(" / ", "-");
            assertTrue(record.results().get("distinct-" + key) >= 1, record.results().toString());
            assertTrue(record.results().get("merges-" + key) >= 0, record.results().toString());
            assertEquals(64.0, record.results().get("bound-" + key), record.results().toString());
            BufferedImage png = ImageIO.read(tmp.resolve("plots").resolve("embeddings-" + key + ".png").toFile());
            assertEquals(12, png.getWidth(), "the output side of a 100-pixel input");
        }
        assertTrue(results.contains("bound f^(dl)"), results);
    }

    @Test
    void tileAndStitchCountsDiscontinuitiesPerRegimeAndIsExactOnlyForValidTilesOfThePeriod(@TempDir Path tmp)
            throws Exception {
        RunRecord record = Experiments.run("tile-and-stitch", Map.of("levels", 3, "filters", 2, "steps", 2,
                "tiles", 2), RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        String results = Files.readString(tmp.resolve("results.md"));
        Path plots = tmp.resolve("plots");
        assertNotNull(ImageIO.read(plots.resolve("stitched-truth.png").toFile()));
        for (String key : new String[] {"smaller", "equal", "larger", "larger-off"}) {
            assertTrue(r.get("discontinuities-" + key) >= 0, r.toString());
            for (String kind : new String[] {"embeddings", "labels"}) {
                BufferedImage png = ImageIO.read(plots.resolve("stitched-" + key + "-" + kind + ".png").toFile());
                assertTrue(png.getWidth() >= 2 * 2 * 4, key + " " + kind);
            }
        }
        for (String row : new String[] {"train < f^l", "train = f^l (3a)", "train > f^l (3c)",
            "train > f^l, crop + 1 (3b)", "discontinuities", "max abs difference"}) {
            assertTrue(results.contains(row), row + " in " + results);
        }
        assertEquals(0.0, r.get("difference-valid-4"), r.toString());
        assertEquals(0.0, r.get("difference-valid-8"), r.toString());
        assertTrue(r.get("difference-valid-5") > 0, r.toString());
        assertTrue(r.get("difference-same-8") > 0, r.toString());
    }
}
