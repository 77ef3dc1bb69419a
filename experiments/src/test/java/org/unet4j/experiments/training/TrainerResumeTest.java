package org.unet4j.experiments.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.training.RunPausedException;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapesDataset;
import org.unet4j.experiments.datasets.augment.Flip;
import org.unet4j.experiments.output.RunLog;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.ScheduleUnit;

class TrainerResumeTest {
    private static final int EPOCHS = 4;
    private static final SegmentationDataset DATA = ShapesDataset.generate(new ShapesDataset.Spec(20, 16, 2, 0.1, 3));

    /** A fresh model and trainer, identical every time. */
    private record Setup(Module model, Trainer trainer) {
        static Setup create() {
            SplittableRandom rng = new SplittableRandom(11);
            Module model = Sequential.of(Conv2d.builder(1, 4, 3).padding(Padding.SAME).build(rng), new ReLU(),
                    Conv2d.builder(4, 1, 1).build(rng));
            Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 2e-2))
                    .epochs(EPOCHS).batchSize(6)
                    .schedule(LrSchedule.exponential(2e-2, 0.8, ScheduleUnit.EPOCH))
                    .clipGradientNorm(5).augmentation(new Flip())
                    .build();
            return new Setup(model, trainer);
        }
    }

    private static TrainingSession session(Path dir, boolean resume, int pauseAfter) throws Exception {
        return new TrainingSession(dir, 5, resume, pauseAfter,
                new RunLog(dir.resolve("run.log"), new PrintStream(OutputStream.nullOutputStream())));
    }

    @Test
    void aRunStoppedAfterAnEpochAndResumedEndsWithTheSameNumbers(@TempDir Path tmp) throws Exception {
        Setup straight = Setup.create();
        TrainingResult expected = straight.trainer().fit(DATA.range(0, 14), DATA.range(14, 20),
                session(tmp.resolve("straight"), false, 0));

        Path interrupted = tmp.resolve("interrupted");
        Setup first = Setup.create();
        RunPausedException paused = assertThrows(RunPausedException.class, () -> first.trainer()
                .fit(DATA.range(0, 14), DATA.range(14, 20), session(interrupted, false, 2)));
        assertEquals(2, paused.epoch());
        Setup second = Setup.create();
        TrainingResult resumed = second.trainer().fit(DATA.range(0, 14), DATA.range(14, 20),
                session(interrupted, true, 0));

        assertEquals(EPOCHS, resumed.history().size());
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(expected.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 0, "epoch " + e);
            assertEquals(expected.history().get(e).validation(), resumed.history().get(e).validation());
            assertEquals(expected.history().get(e).learningRate(), resumed.history().get(e).learningRate(), 0);
        }
        assertEquals(expected.bestEpoch(), resumed.bestEpoch());
        assertEquals(expected.steps(), resumed.steps());
        for (String name : straight.model().stateDict().keySet()) {
            Tensor a = straight.model().stateDict().get(name);
            Tensor b = second.model().stateDict().get(name);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), name);
        }
        List<String> csv = Files.readAllLines(interrupted.resolve(MetricsCsv.FILE_NAME));
        assertEquals(EPOCHS + 1, csv.size());
        assertTrue(csv.get(0).startsWith("epoch,lr,train_loss,seconds,val_loss,val_dice"), csv.get(0));
        try (var files = Files.list(interrupted.resolve("checkpoints"))) {
            assertEquals(List.of("best.ckpt", "epoch-0003.ckpt", "epoch-0004.ckpt", "state.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aRunStoppedAfterItsLastCheckpointButBeforeItsLastMetricsRowEndsWithEveryRowWhenResumed(@TempDir Path tmp)
            throws Exception {
        Setup.create().trainer().fit(DATA.range(0, 14), DATA.range(14, 20), session(tmp, false, 0));
        Path metrics = tmp.resolve(MetricsCsv.FILE_NAME);
        List<String> complete = Files.readAllLines(metrics);
        Files.write(metrics, complete.subList(0, EPOCHS));          // the last epoch committed, its row not written

        TrainingResult resumed = Setup.create().trainer().fit(DATA.range(0, 14), DATA.range(14, 20),
                session(tmp, true, 0));
        assertEquals(EPOCHS, resumed.history().size());
        assertEquals(complete, Files.readAllLines(metrics));
    }

    @Test
    void earlyStoppingEndsTheRunAndKeepsTheBestModel(@TempDir Path tmp) throws Exception {
        SplittableRandom rng = new SplittableRandom(2);
        Module model = Sequential.of(Conv2d.builder(1, 1, 3).padding(Padding.SAME).build(rng));
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 0)).epochs(10).batchSize(10)
                .earlyStopping(2).build();
        TrainingResult result = trainer.fit(DATA.range(0, 10), DATA.range(10, 20), session(tmp, false, 0));
        assertTrue(result.stoppedEarly());
        assertEquals(3, result.history().size());
        assertEquals(1, result.bestEpoch());
    }

    @Test
    void aDirectoryWithACheckpointIsNotOverwrittenWithoutResume(@TempDir Path tmp) throws Exception {
        Setup.create().trainer().fit(DATA.range(0, 6), null, session(tmp, false, 0));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Setup.create().trainer().fit(DATA.range(0, 6), null, session(tmp, false, 0)));
        assertTrue(error.getMessage().contains("--resume"), error.getMessage());
    }
}
