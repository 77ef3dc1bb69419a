package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.datasets.files.DatasetFixtures;

class MaskEvaluationTest {
    private static final int S = 20;

    @TempDir
    Path dir;

    /** The disk of the DRIVE-named mask, plus false positives in the corner outside the field of view. */
    private static float[] diskWithCornerNoise() {
        float[] p = new float[S * S];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                boolean disk = (y - 10) * (y - 10) + (x - 10) * (x - 10) <= 16;
                p[y * S + x] = disk || (y < 2 && x < 2) ? 0.9f : 0.1f;
            }
        }
        return p;
    }

    @Test
    void onlyPixelsInsideTheFieldOfViewCountAndDriveNamesMatch() throws IOException {
        DatasetFixtures.write(DatasetFixtures.mask(S, S, 10, 10, 4, 0, 255), "gif", dir.resolve("gt/21_manual1.gif"));
        DatasetFixtures.write(DatasetFixtures.mask(S, S, 10, 10, 9, 0, 255), "gif",
                dir.resolve("fov/21_training_mask.gif"));
        Map<String, Double> whole = new MaskEvaluation(dir.resolve("gt")).add("21_training", diskWithCornerNoise(), S,
                S, 0.5);
        Map<String, Double> inFov = new MaskEvaluation(dir.resolve("gt"), dir.resolve("fov")).add("21_training",
                diskWithCornerNoise(), S, S, 0.5);
        assertTrue(whole.get("dice") < 1, whole.toString());
        assertEquals(1.0, inFov.get("dice"), 1e-12);
        assertEquals(1.0, inFov.get("accuracy"), 1e-12);
        assertEquals(1.0, inFov.get("figures"), 1e-12);
    }

    @Test
    void aMissingMaskNamesTheImageAndTheTablesAreWritten() throws IOException {
        DatasetFixtures.write(DatasetFixtures.mask(S, S, 10, 10, 4, 0, 1), "png", dir.resolve("gt/a_mask.png"));
        MaskEvaluation evaluation = new MaskEvaluation(dir.resolve("gt"));
        evaluation.add("a", diskWithCornerNoise(), S, S, 0.5);
        IOException e = assertThrows(IOException.class, () -> evaluation.add("b", new float[S * S], S, S, 0.5));
        assertTrue(e.getMessage().contains("no ground-truth mask for b"), e.getMessage());
        evaluation.write(dir, "m");
        assertEquals(2, Files.readAllLines(dir.resolve("metrics.csv")).size());
        assertTrue(Files.readString(dir.resolve("results.md")).contains("| 1 |"));
    }
}
