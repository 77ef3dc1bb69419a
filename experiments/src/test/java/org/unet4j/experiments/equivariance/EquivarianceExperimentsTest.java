package org.unet4j.experiments.equivariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ClaimsInResults;
import org.unet4j.layers.unet.UpsamplingMode;

/** The equivariance experiments end to end in tiny configurations, found through the registry. */
class EquivarianceExperimentsTest {

    @Test
    void equivarianceDisksTrainsClustersAndWritesItsTableAndEmbeddings(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("equivariance-disks", Map.of("levels", 4, "size", 100, "filters", 1,
                "iterations", 2, "train", 1, "upsampling", "both"),
                RunOptions.defaults().silent().withOutputDirectory(tmp));
        String results = Files.readString(tmp.resolve("results.md"));
        for (String row : new String[] {"16 / transposed", "16 / nearest", "15 / transposed", "15 / nearest"}) {
            assertTrue(results.contains("| " + row + " |"), results);
            String key = row.replace(" / ", "-");
            assertEquals(8 * 8, record.results().get("bound-" + key), "f^(dl) for l = 3, f = 2, d = 2");
            BufferedImage png = ImageIO.read(tmp.resolve("plots").resolve("embeddings-" + key + ".png").toFile());
            assertEquals(12, png.getWidth(), "the output side of a 100-pixel input");
        }
        assertTrue(results.contains("bound f^(dl)"), results);
        assertEquals(4, ClaimsInResults.verdicts(tmp, EquivarianceDisksExperiment.claims(List.of(
                UpsamplingMode.TRANSPOSED, UpsamplingMode.NEAREST), 8, 12)).size(),
                "no 'bound reached' claim: a 12-pixel window cannot hold the 8 phases of spacing 15 per axis");
    }

    @Test
    void withOnePoolingSpacing15ReachesTheBoundOf4AndSpacing16TellsApartOne(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("equivariance-disks", Map.of("levels", 2, "size", 46, "iterations", 1500,
                "upsampling", "transposed"), RunOptions.defaults().silent().withOutputDirectory(tmp));
        Map<String, Double> r = record.results();
        assertEquals(4.0, r.get("bound-15-transposed"), "f^(dl) for l = 1, f = 2, d = 2 " + r);
        assertEquals(4.0, r.get("phases-15-transposed"), "every phase in the 30-pixel window " + r);
        assertEquals(1.0, r.get("phases-16-transposed"), r.toString());
        List<Claim> claims = EquivarianceDisksExperiment.claims(List.of(UpsamplingMode.TRANSPOSED), 2, 30);
        Map<String, String> verdicts = ClaimsInResults.verdicts(tmp, claims);
        claims.forEach(c -> assertEquals("supported", verdicts.get(c.statement()), c.statement() + " " + r));
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
        verdicts(tmp);
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
        verdicts(tmp).values().forEach(v -> assertEquals("supported", v, r.toString()));
    }

    /** The verdicts of tile-and-stitch's claims, one per claim of its two tables, in order. */
    private static Map<String, String> verdicts(Path dir) throws Exception {
        List<Claim> claims = new ArrayList<>(TileAndStitchExperiment.STITCHING_CLAIMS);
        claims.addAll(TileAndStitchExperiment.EXACT_CLAIMS);
        return ClaimsInResults.verdicts(dir, claims);
    }
}
