package org.unet4j.experiments.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;
import org.unet4j.experiments.datasets.files.DatasetSplits;
import org.unet4j.experiments.datasets.files.MsdFixtures;
import org.unet4j.experiments.datasets.files.MsdTask;
import org.unet4j.experiments.predict.Predictor;
import org.unet4j.experiments.predict.WindowBlending;

/**
 * An MSD run of {@code segmentation --dims 3} validates on whole volumes: the validation Dice recorded for the best
 * epoch equals the Dice of the validation cases (named in {@code splits.json}) segmented whole by sliding windows
 * with the best checkpoint, counted here voxel by voxel and averaged over the cases.
 */
class WholeVolumeValidationTest {
    @Test
    void theRecordedValidationDiceIsTheWholeVolumeDiceOfTheValidationCases(@TempDir Path tmp) throws Exception {
        Path task = MsdFixtures.task(tmp.resolve("Task99_Balls"), 5, 16, 20, 18);
        int batch = 2;
        Path dir = tmp.resolve("msd");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("dims", 3, "data", task.toString(), "epochs", 2,
                "train", 4, "val", 2, "size", 16, "filters", 2, "levels", 2, "batch", batch));
        params.putAll(Map.of("val-fraction", 0.4, "test-fraction", 0.2));
        RunRecord record = Experiments.run("segmentation", params, RunOptions.defaults().silent()
                .withOutputDirectory(dir));
        List<String> validation = DatasetSplits.read(dir.resolve(DatasetSplits.FILE)).validation();
        assertEquals(2, validation.size(), validation.toString());

        Predictor best = Predictor.load(dir);
        Predictor.Options options = new Predictor.Options(WindowBlending.GAUSSIAN, 0.25, false, batch);
        double dice = 0;
        for (MsdTask.Case c : MsdTask.open(task).training()) {
            if (!validation.contains(c.name())) {
                continue;
            }
            MsdTask.Volume volume = MsdTask.load(c);
            assertTrue(volume.image().dim(1) > 16 || volume.image().dim(2) > 16, "a volume larger than a window");
            float[] p = best.probabilitiesOfStandardised(volume.image(), options);
            float[] truth = volume.mask().toFloatArray();
            long both = 0;
            long predicted = 0;
            long positive = 0;
            for (int i = 0; i < p.length; i++) {
                boolean fg = p[i] >= 0.5f;
                predicted += fg ? 1 : 0;
                positive += truth[i] > 0 ? 1 : 0;
                both += fg && truth[i] > 0 ? 1 : 0;
            }
            dice += 2.0 * both / (predicted + positive) / validation.size();
        }

        int bestEpoch = record.results().get("best-epoch").intValue();
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        int column = List.of(csv.get(0).split(",")).indexOf("val_dice");
        double recorded = Double.parseDouble(csv.get(bestEpoch).split(",")[column]);
        assertEquals(dice, recorded, 1e-12, "val_dice of epoch " + bestEpoch + " against the whole volumes' Dice");
        assertTrue(Files.readString(dir.resolve("results.md")).contains("the Dice of the whole validation volumes"));
    }
}
