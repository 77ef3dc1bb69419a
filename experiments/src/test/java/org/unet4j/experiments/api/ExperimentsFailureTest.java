package org.unet4j.experiments.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** How {@link Experiments#run} reports what goes wrong once a run has started, and the run-wide anomaly mode. */
class ExperimentsFailureTest {
    /** An experiment whose run does {@code body}. */
    private record Doing(Runnable body) implements Experiment {
        @Override
        public String name() {
            return "doing";
        }

        @Override
        public String description() {
            return "runs a body";
        }

        @Override
        public List<Param<?>> params() {
            return List.of();
        }

        @Override
        public void run(ExperimentContext context) {
            body.run();
        }
    }

    private static RunOptions options(Path dir) {
        return RunOptions.defaults().silent().withOutputDirectory(dir);
    }

    @Test
    void runningOutOfHeapNamesTheTensorTheHeapAndTheFix(@TempDir Path tmp) throws IOException {
        int side = 46_000;
        long bytes = (long) side * side * Double.BYTES;
        assumeTrue(Runtime.getRuntime().maxMemory() < bytes / 2, "the heap could hold the tensor");
        ExperimentFailedException error = assertThrows(ExperimentFailedException.class, () -> Experiments.run(
                new Doing(() -> Tensor.zeros(DType.FLOAT64, side, side)), Map.of(), options(tmp)));

        assertInstanceOf(OutOfMemoryError.class, error.getCause());
        String message = error.getMessage();
        assertTrue(message.startsWith("doing failed: out of memory (Java heap space allocating a float64 tensor of"
                + " shape [46000, 46000], " + bytes + " bytes): the Java heap may grow to "), message);
        assertTrue(message.contains(" MiB. Give it more with UNET4J_JAVA_OPTS=-Xmx"), message);
        assertTrue(message.contains("or use a smaller batch or image size"), message);
        assertEquals(tmp.resolve("run.log"), error.logFile());
        String log = Files.readString(tmp.resolve("run.log"));
        assertTrue(log.contains("failed: out of memory (Java heap space allocating a float64 tensor"), log);
        assertTrue(log.contains("java.lang.OutOfMemoryError"), log);
    }

    @Test
    void anomalyDetectionIsOnForTheRunOnly(@TempDir Path tmp) {
        AtomicBoolean during = new AtomicBoolean();
        Experiments.run(new Doing(() -> during.set(Autograd.detectsAnomalies())), Map.of(),
                RunOptions.builder().detectAnomalies(true).outputDirectory(tmp).build().silent());
        assertTrue(during.get());
        assertFalse(Autograd.detectsAnomalies());
    }

    @Test
    void aFailureNamesTheExperimentAndKeepsTheCause(@TempDir Path tmp) throws IOException {
        IllegalStateException cause = new IllegalStateException("the data ran out");
        ExperimentFailedException error = assertThrows(ExperimentFailedException.class, () -> Experiments.run(
                new Doing(() -> {
                    throw cause;
                }), Map.of(), options(tmp)));
        assertEquals("doing failed: the data ran out", error.getMessage());
        assertEquals(cause, error.getCause());
        assertTrue(Files.readString(tmp.resolve("run.log")).contains("java.lang.IllegalStateException: the data ran"
                + " out\n\tat "));
    }
}
