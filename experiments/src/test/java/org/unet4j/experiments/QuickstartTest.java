package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class QuickstartTest {
    private static final int EPOCHS = 3;

    private static List<Quickstart.Epoch> tinyRun(long seed, StringWriter log) {
        var config = new Quickstart.Config(EPOCHS, 32, 8, 16, 4, 8, 2e-2, seed);
        return Quickstart.run(config, new PrintWriter(log, true));
    }

    @Test
    void aTinyRunPrintsOneLinePerEpochAndTheLossFalls() {
        var log = new StringWriter();
        var epochs = tinyRun(3, log);
        assertEquals(EPOCHS, epochs.size());
        for (var epoch : epochs) {
            assertTrue(Double.isFinite(epoch.trainLoss()), epoch.toString());
            assertTrue(epoch.validationDice() >= 0 && epoch.validationDice() <= 1, epoch.toString());
            assertTrue(log.toString().contains("epoch  " + epoch.epoch() + "/" + EPOCHS + "  loss "), log.toString());
        }
        assertTrue(epochs.get(EPOCHS - 1).trainLoss() < epochs.get(0).trainLoss(), log.toString());
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        var first = tinyRun(5, new StringWriter());
        var second = tinyRun(5, new StringWriter());
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(first.get(e).trainLoss(), second.get(e).trainLoss(), 0);
            assertEquals(first.get(e).validationDice(), second.get(e).validationDice(), 0);
        }
    }

    @Test
    void invalidSettingsNameTheSetting() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new Quickstart.Config(1, 8, 4, 16, 4, 0, 1e-2, 0));
        assertTrue(error.getMessage().contains("batch size"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new Quickstart.Config(1, 8, 4, 16, 4, 2, 0, 0));
        assertTrue(error.getMessage().contains("learning rate"), error.getMessage());
    }
}
