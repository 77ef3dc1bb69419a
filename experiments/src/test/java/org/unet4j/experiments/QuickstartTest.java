package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

class QuickstartTest {
    private static final Map<String, Object> TINY = Map.of("epochs", 2, "train", 8, "val", 4, "test", 4, "size", 16,
            "batch", 4, "filters", 2, "levels", 2, "steps", 1);

    @Test
    void aTinyRunComparesBothModelsAndWritesEveryOutput(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run(new Quickstart(), TINY, RunOptions.defaults().silent()
                .withOutputDirectory(tmp));
        String results = Files.readString(tmp.resolve("results.md"));
        assertTrue(results.contains("| Model | Dice ↑ | IoU ↑ | Acc ↑ | AHD ↓ | Train s ↓ |"), results);
        List<String> rows = results.lines().filter(l -> l.startsWith("| U-Net") || l.startsWith("| DB-U-Net"))
                .toList();
        assertEquals(2, rows.size(), results);
        List<String> parts = List.of("plain-unet", "db-unet");
        for (int i = 0; i < parts.size(); i++) {
            List<String> csv = Files.readAllLines(tmp.resolve(parts.get(i)).resolve("metrics.csv"));
            assertEquals(3, csv.size(), csv.toString());
            double dice = record.results().get(parts.get(i) + "-dice");
            String[] cells = rows.get(i).split("\\|");
            assertEquals(String.format(Locale.ROOT, "%.3f", dice), cells[2].replace("**", "").trim(), rows.get(i));
            double iou = Double.parseDouble(cells[3].replace("**", "").trim());
            assertTrue(iou <= dice + 5e-4 && dice <= 2 * iou / (1 + iou) + 5e-4,
                    "mean IoU <= mean Dice <= 2 IoU / (1 + IoU) per sample and by Jensen: " + rows.get(i));
        }
        for (String png : List.of("loss.png", "validation-dice.png", "predictions-plain-unet.png",
                "predictions-db-unet.png", "table-1.png")) {
            assertNotNull(ImageIO.read(tmp.resolve("plots").resolve(png).toFile()), png);
        }
    }

    @Test
    void bothModelsLearnToSegmentTheCells(@TempDir Path tmp) {
        // seed 7, a quarter of the default run's work: Dice 0.938 (U-Net) and 0.931 (DB-U-Net); the defaults give
        // 0.970 and 0.963, an untrained network about 0.4
        RunRecord record = Experiments.run(new Quickstart(), Map.of("epochs", 6, "size", 16, "levels", 2),
                RunOptions.defaults().silent().withOutputDirectory(tmp));
        for (String part : List.of("plain-unet", "db-unet")) {
            double dice = record.results().get(part + "-dice");
            assertTrue(dice > 0.9, part + " learns the cells: test Dice " + dice + " in " + record.results());
        }
    }

    @Test
    void theSameSeedGivesTheSameScores(@TempDir Path tmp) {
        RunOptions options = RunOptions.defaults().silent().withSeed(5);
        RunRecord first = Experiments.run(new Quickstart(), TINY, options.withOutputDirectory(tmp.resolve("a")));
        RunRecord second = Experiments.run(new Quickstart(), TINY, options.withOutputDirectory(tmp.resolve("b")));
        assertEquals(first.results(), second.results());
        RunRecord other = Experiments.run(new Quickstart(), TINY, options.withSeed(6)
                .withOutputDirectory(tmp.resolve("c")));
        assertNotEquals(first.results(), other.results(), "another seed draws other data and weights");
    }

    @Test
    void invalidSettingsNameTheSetting(@TempDir Path tmp) {
        var error = assertThrows(ParamException.class, () -> Experiments.run(new Quickstart(), Map.of("batch", 0),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("a"))));
        assertTrue(error.getMessage().contains("batch"), error.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> Experiments.run(new Quickstart(),
                Map.of("size", 30), RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("b"))));
        assertTrue(size.getMessage().contains("multiple of 4"), size.getMessage());
    }
}
