package org.unet4j.experiments.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.NumericalAnomalyException;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapesDataset;
import org.unet4j.experiments.output.RunLog;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.io.AtomicFileWriter;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.optim.Adam;

/**
 * Training stops, named and resumable, at a non-finite loss or gradient and at a full disk; a non-finite validation
 * score is never the best.
 */
class TrainerFailureTest {
    private static final SegmentationDataset DATA = ShapesDataset.generate(new ShapesDataset.Spec(20, 16, 2, 0.1, 3));
    private static final int BATCHES_PER_EPOCH = 3;

    private static Module model() {
        SplittableRandom rng = new SplittableRandom(11);
        return Sequential.of(Conv2d.builder(1, 4, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(4, 1, 1).build(rng));
    }

    private static Trainer.Builder trainer(Module model, int epochs) {
        return Trainer.builder(model, new Adam(model.parameters(), 1e-2)).epochs(epochs).batchSize(5);
    }

    private static TrainingSession session(Path dir, boolean resume) throws IOException {
        return new TrainingSession(dir, 5, resume, 0,
                new RunLog(dir.resolve("run.log"), new PrintStream(OutputStream.nullOutputStream())));
    }

    /** BCE, plus log(0 * logits) = -infinity (with NaN gradients) from training step {@code badStep} on. */
    private static LossFunction lossBreakingAtStep(int badStep) {
        AtomicInteger steps = new AtomicInteger();
        return (logits, masks) -> {
            Tensor bce = Losses.bceWithLogits(logits, masks);
            if (logits.requiresGrad() && steps.incrementAndGet() >= badStep) {
                return bce.add(logits.mul(0).log().mean());
            }
            return bce;
        };
    }

    private static List<String> files(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochBatchAndTheFirstNonFiniteGradient(@TempDir Path tmp)
            throws IOException {
        Trainer trainer = trainer(model(), 4).loss(lossBreakingAtStep(BATCHES_PER_EPOCH + 2)).build();
        TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(DATA.range(0, 15), DATA.range(15, 20), session(tmp, false)));

        assertEquals(2, error.epoch());
        assertEquals(2, error.batch());
        assertEquals("0.weight", error.parameter());
        assertTrue(error.getMessage().matches("training stopped at epoch 2, batch 2 of 3: the loss is (-Infinity|NaN)"
                + " and the first non-finite parameter gradient is '0\\.weight' \\(NaN; 36 of 36 values non-finite\\)"
                + "\\. The step was not applied; .*"), error.getMessage());
        assertTrue(error.getMessage().contains("the last good checkpoint, after epoch 1, is kept in "
                + tmp.resolve("checkpoints").resolve("epoch-0001.ckpt")), error.getMessage());
        assertTrue(error.getMessage().contains("--detect-anomalies"), error.getMessage());
        assertEquals(List.of("best.ckpt", "epoch-0001.ckpt", "state.json"), files(tmp.resolve("checkpoints")));
        assertEquals(1, LoopState.read(tmp.resolve("checkpoints")).epochsDone());
        assertEquals(2, Files.readAllLines(tmp.resolve(MetricsCsv.FILE_NAME)).size(), "header and epoch 1 only");
        assertTrue(Files.readString(tmp.resolve("run.log")).contains("training stopped at epoch 2, batch 2 of 3"));
    }

    @Test
    void anomalyModeNamesTheOpThatProducedTheFirstNonFiniteValue(@TempDir Path tmp) {
        Trainer trainer = trainer(model().to(Device.CPU), 2).loss(lossBreakingAtStep(2)).build();
        Autograd.detectAnomalies(true);
        try {
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                    () -> trainer.fit(DATA.range(0, 15), null, session(tmp, false)));
            assertInstanceOf(NumericalAnomalyException.class, error.getCause());
            assertTrue(error.getMessage().startsWith("training stopped at epoch 1, batch 2 of 3: op 'log' produced"
                    + " -Infinity"), error.getMessage());
            assertNull(error.parameter());
        } finally {
            Autograd.detectAnomalies(false);
        }
    }

    @Test
    void aNonFiniteValidationScoreIsNeverTheBest(@TempDir Path tmp) throws IOException {
        Trainer trainer = trainer(model(), 2).evaluator((logits, masks) -> Map.of("dice", Double.NaN)).build();
        TrainingResult result = trainer.fit(DATA.range(0, 15), DATA.range(15, 20), session(tmp, false));
        assertEquals(0, result.bestEpoch());
        assertFalse(Files.exists(tmp.resolve("checkpoints").resolve("best.ckpt")));
    }

    @Test
    void theLastTwoEpochCheckpointsAreKept(@TempDir Path tmp) throws IOException {
        trainer(model(), 4).build().fit(DATA.range(0, 15), null, session(tmp, false));
        assertEquals(List.of("epoch-0003.ckpt", "epoch-0004.ckpt", "state.json"), files(tmp.resolve("checkpoints")));
    }

    @Test
    void aFullDiskNamesTheFileAndTheRunResumesFromTheLastCompleteCheckpoint(@TempDir Path tmp) throws IOException {
        Module straightModel = model();
        TrainingResult straight = trainer(straightModel, 4).build()
                .fit(DATA.range(0, 15), null, session(tmp.resolve("straight"), false));

        Path dir = tmp.resolve("full");
        AtomicInteger written = new AtomicInteger();
        CheckpointWriter fillsUpAtTheThird = (file, checkpoint) -> {
            if (written.incrementAndGet() < 3) {
                checkpoint.write(file);
            } else {
                AtomicFileWriter.write(file, out -> {
                    out.write(new byte[4096]);
                    throw new IOException("No space left on device");
                });
            }
        };
        IOException full = assertThrows(IOException.class, () -> trainer(model(), 4)
                .checkpointWriter(fillsUpAtTheThird).build().fit(DATA.range(0, 15), null, session(dir, false)));
        Path checkpoints = dir.resolve("checkpoints");
        assertTrue(full.getMessage().startsWith("the checkpoint of epoch 3 was not saved: cannot write "
                + checkpoints.resolve("epoch-0003.ckpt") + ": No space left on device; the run resumes (--resume)"
                + " from the last complete checkpoint, after epoch 2 (" + checkpoints.resolve("epoch-0002.ckpt")
                + ")"), full.getMessage());
        assertEquals(List.of("epoch-0001.ckpt", "epoch-0002.ckpt", "state.json"), files(checkpoints),
                "no partial file, the previous checkpoints kept");

        Module resumedModel = model();
        TrainingResult resumed = trainer(resumedModel, 4).build().fit(DATA.range(0, 15), null, session(dir, true));
        assertEquals(straight.history().size(), resumed.history().size());
        for (int e = 0; e < straight.history().size(); e++) {
            assertEquals(straight.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 0);
        }
        for (String name : straightModel.stateDict().keySet()) {
            assertArrayEquals(straightModel.stateDict().get(name).toFloatArray(),
                    resumedModel.stateDict().get(name).toFloatArray(), name);
        }
    }
}
