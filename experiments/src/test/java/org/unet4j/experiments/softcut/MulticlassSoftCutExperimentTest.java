package org.unet4j.experiments.softcut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.api.RunRecord;

class MulticlassSoftCutExperimentTest {

    @Test
    void everyRowOfTable17IsTrainedAndScored(@TempDir Path tmp) throws Exception {
        RunRecord record = Experiments.run("softcut-multiclass", Map.of("epochs", 1, "train", 4, "val", 2, "test", 2,
                "size", 16, "filters", 2, "batch", 2),
                RunOptions.defaults().silent().withOutputDirectory(tmp.resolve("multiclass")));
        String results = Files.readString(record.directory().resolve("results.md"));
        for (String row : new String[] {"base U-Net", "SoftCut (CG)", "Submodular (+ isotonic)"}) {
            assertTrue(results.contains("| " + row + " |"), row + " missing from\n" + results);
        }
        for (String key : new String[] {"base", "softcut", "submodular-isotonic"}) {
            double miou = record.results().get(key + "-miou");
            double accuracy = record.results().get(key + "-accuracy");
            assertTrue(miou > 0 && miou <= 1 && accuracy > 0 && accuracy <= 1, key + ": mIoU " + miou
                    + ", accuracy " + accuracy);
            assertTrue(results.contains(String.format(java.util.Locale.ROOT, "%.3f", miou)), key + " mIoU " + miou
                    + " is the table's");
        }
    }

    @Test
    void mIoUAveragesTheIoUOfEachClassOverTheWholeSet() {
        // truth 0 0 1 1 2 2, prediction 0 1 1 1 2 0: IoU_0 = 1/3, IoU_1 = 2/3, IoU_2 = 1/2
        Tensor masks = Tensor.wrap(new double[] {0, 0, 1, 1, 2, 2}, 1, 1, 2, 3);
        Tensor logits = MulticlassSoftCutExperiment.oneHot(Tensor.wrap(new double[] {0, 1, 1, 1, 2, 0}, 1, 1, 2, 3),
                3);
        Map<String, Double> s = MulticlassSoftCutExperiment.scores(logits, masks);
        assertEquals((1 / 3.0 + 2 / 3.0 + 1 / 2.0) / 3, s.get("miou"), 1e-15);
        assertEquals(4 / 6.0, s.get("accuracy"), 1e-15);
    }

    @Test
    void theSummedDiceLossIsZeroWhenRightAndTheClassCountWhenEveryPixelIsWrong() {
        Tensor masks = Tensor.wrap(new double[] {0, 0, 1, 1, 2, 2}, 1, 1, 2, 3);
        Tensor right = MulticlassSoftCutExperiment.oneHot(masks, 3).mul(60);
        Tensor wrong = MulticlassSoftCutExperiment.oneHot(Tensor.wrap(new double[] {1, 2, 2, 0, 0, 1}, 1, 1, 2, 3), 3)
                .mul(60);
        assertEquals(0, MulticlassSoftCutExperiment.summedDice(right, masks).item(), 1e-6);
        assertEquals(3, MulticlassSoftCutExperiment.summedDice(wrong, masks).item(), 1e-6);
    }
}
