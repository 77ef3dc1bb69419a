package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.output.RunConfig;

import picocli.CommandLine;

/**
 * What the command line says when a run cannot start or fails after it started: one line naming the cause (and the
 * log, which holds the stack trace), the trace on the terminal only with --verbose, nothing left behind by a run
 * refused before any work.
 */
class RunFailureTest {
    private static final Map<String, String> SMALL = Map.of("model", "conv-net", "epochs", "1", "train", "4", "val",
            "2", "test", "2", "size", "16", "filters", "2", "batch", "2", "lr", "0.005");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** A segmentation run directory, started with seed 7, whose loop state is corrupt. */
    private static Path brokenRun(Path dir) throws IOException {
        new RunConfig("segmentation", SMALL, 7, "cpu", 1, Map.of(), "2026-01-01T00:00").write(dir);
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints").resolve("state.json"), "{ not json");
        return dir;
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsNamedWithTheReason(@TempDir Path tmp) throws IOException {
        assertEquals(1, execute("run", "segmentation", "--out", "/proc/x"));
        assertTrue(err.toString().contains("cannot create the output directory /proc/x: no such file or directory;"
                + " choose another --out"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());

        Path file = Files.writeString(tmp.resolve("file"), "");
        assertEquals(1, execute("quickstart", "--out", file.resolve("run").toString()));
        assertTrue(err.toString().contains("cannot create the output directory " + file.resolve("run")
                + ": Not a directory"), err.toString());
    }

    @Test
    void anInvalidSizeIsRefusedBeforeAnyWorkNamingTheNearestValidSizes(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        assertEquals(2, execute("run", "segmentation", "--size", "30", "--out", dir.toString()));
        assertTrue(err.toString().contains("invalid value '30' for parameter 'size': a U-Net of 3 levels takes images"
                + " of 4, 8, 12, 16, ... pixels; the nearest valid sizes are 28 and 32 (or change --levels)"),
                err.toString());
        assertFalse(Files.exists(dir), "nothing left behind");

        assertEquals(2, execute("quickstart", "--size", "30", "--out", dir.toString()));
        assertTrue(err.toString().contains("multiple of 4 (nearest: 28 or 32)"), err.toString());
        assertFalse(Files.exists(dir), "nothing left behind");
    }

    @Test
    void resumingRefusesAChangedSeedAsItRefusesAChangedParameter(@TempDir Path tmp) throws IOException {
        Path dir = brokenRun(tmp.resolve("run"));
        assertEquals(2, execute("--seed", "5", "run", "segmentation", "--resume", "--out", dir.toString()));
        assertTrue(err.toString().contains("cannot resume with seed = 5: the run was started with seed = 7 (leave"
                + " seed out to continue the run as it was)"), err.toString());
        assertEquals(2, execute("run", "segmentation", "--resume", "--out", dir.toString(), "--lr", "0.1"));
        assertTrue(err.toString().contains("cannot resume with lr = 0.1: the run was started with lr = 0.005"),
                err.toString());
    }

    @Test
    void aFailureAfterTheRunStartedIsOneLineNamingTheLogWhichHoldsTheTrace(@TempDir Path tmp) throws IOException {
        Path dir = brokenRun(tmp.resolve("run"));
        assertEquals(1, execute("--seed", "7", "run", "segmentation", "--resume", "--out", dir.toString()));
        String printed = err.toString();
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.startsWith("unet4j: segmentation failed: " + dir.resolve("checkpoints")
                .resolve("state.json") + " is not a valid training-loop state"), printed);
        assertTrue(printed.strip().endsWith("(stack trace in " + dir.resolve("run.log") + ")"), printed);
        String log = Files.readString(dir.resolve("run.log"));
        assertTrue(log.contains("failed: java.io.IOException: ") && log.contains("\tat org.unet4j."), log);

        err.getBuffer().setLength(0);
        assertEquals(1, execute("run", "segmentation", "--resume", "--out", dir.toString(), "--verbose"));
        assertTrue(err.toString().contains("\tat org.unet4j."), "--verbose prints the trace: " + err);
    }

    @Test
    void runAndQuickstartOfferAnomalyDetection() {
        assertEquals(0, execute("help", "run"));
        assertTrue(out.toString().contains("--detect-anomalies"), out.toString());
        assertEquals(0, execute("help", "quickstart"));
        assertTrue(out.toString().contains("--detect-anomalies"), out.toString());
    }
}
