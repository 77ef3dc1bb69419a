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
            assertEquals(8 * 8, record.results().get("bound-" + key), "f^(dl) for l = 3, f = 2, d = 2");
            BufferedImage png = ImageIO.read(tmp.resolve("plots").resolve("embeddings-" + key + ".png").toFile());
            assertEquals(12, png.getWidth(), "the output side of a 100-pixel input");
        }
        assertTrue(results.contains("bound f^(dl)"), results);
    }

    @Test
    void spacing15TellsApartClearlyMoreDisksThanSpacing16(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("equivariance-disks", Map.of("upsampling", "transposed"),
                RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        assertEquals(9.0, r.get("disks-15-transposed"), r.toString());
        assertEquals(1.0, r.get("distinct-16-transposed"), "Corollary 3: disks 16 apart look the same " + r);
        assertTrue(r.get("distinct-15-transposed") >= 5, "Corollary 2: spacing 15 tells disks apart " + r);
        assertTrue(Files.readString(tmp.resolve("results.md")).contains("this run shows it"));
    }

    @Test
    void tileAndStitchCountsDiscontinuitiesPerRegimeAndIsExactOnlyForValidTilesOfThePeriod(@TempDir Path tmp)
            throws Exception {
        RunRecord record = Experiments.run("tile-and-stitch", Map.of("levels", 3, "filters", 2, "steps", 2,
                "larger", 2, "tiles", 6), RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        String results = Files.readString(tmp.resolve("results.md"));
        Path plots = tmp.resolve("plots");
        assertNotNull(ImageIO.read(plots.resolve("stitched-truth.png").toFile()));
        for (String key : new String[] {"smaller", "equal", "larger", "larger-off"}) {
            for (String kind : new String[] {"embeddings", "labels"}) {
                BufferedImage png = ImageIO.read(plots.resolve("stitched-" + key + "-" + kind + ".png").toFile());
                assertEquals(6 * 2 * 4, png.getWidth(), key + " " + kind);
            }
        }
        for (String key : new String[] {"smaller", "equal", "larger"}) {
            assertEquals(r.get("whole-image-" + key), r.get("discontinuities-" + key),
                    "Corollary 4: crops of n f^l stitch to the whole-image output, " + key + " " + r);
        }
        for (String row : new String[] {"train < f^l", "train = f^l (3a)", "train > f^l (3c)",
            "train > f^l, crop + 1 (3b)", "discontinuities", "whole image", "max abs difference"}) {
            assertTrue(results.contains(row), row + " in " + results);
        }
        assertEquals(0.0, r.get("difference-valid-4"), r.toString());
        assertEquals(0.0, r.get("difference-valid-8"), r.toString());
        assertTrue(r.get("difference-valid-5") > 0, r.toString());
        assertTrue(r.get("difference-same-8") > 0, r.toString());
    }

    @Test
    void cropsOffThePeriodLatticeAddDiscontinuitiesAndCropsOnItAddNone(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("tile-and-stitch", Map.of("filters", 4, "steps", 1000),
                RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        assertEquals(r.get("whole-image-larger"), r.get("discontinuities-larger"), "3c adds none " + r);
        assertTrue(r.get("discontinuities-larger-off") > r.get("whole-image-larger-off") + 10, "3b adds some " + r);
        assertTrue(r.get("discontinuities-larger") <= r.get("discontinuities-larger-off"), "3c <= 3b " + r);
        assertTrue(Files.readString(tmp.resolve("results.md")).contains("this run shows it"));
    }
}
