package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.reproductions.BlocksExperiment;

/**
 * A sweep on local worker JVMs: one ordinary run folder per point and seed, runs.csv and results.md with the spread
 * and the claims judged over the seeds, a failed run recorded and retried without blocking the rest, and a second
 * invocation of a finished sweep doing nothing.
 */
class LocalSweepTest {
    static final Map<String, Object> TINY = Map.of("epochs", 1, "train", 8, "val", 4, "test", 4, "size", 16,
            "batch", 4, "filters", 2, "levels", 2);

    @Test
    void aGridIsCheckedBeforeAnythingStarts(@TempDir Path tmp) {
        Path out = tmp.resolve("sweep");
        ParamException unknown = assertThrows(ParamException.class, () -> Sweep.of("segmentation")
                .grid("learning-rate=1e-3").out(out).run());
        assertTrue(unknown.getMessage().contains("'learning-rate', which is not a parameter"), unknown.getMessage());
        ParamException twice = assertThrows(ParamException.class, () -> Sweep.of("segmentation").grid("lr=1e-3,1e-4")
                .fixed(Map.of("lr", 0.01)).out(out).run());
        assertTrue(twice.getMessage().contains("both swept"), twice.getMessage());
        // the U-Net's size check (Experiment.validate) runs for every point before any run
        assertThrows(ParamException.class, () -> Sweep.of("segmentation").grid("size=16,18").out(out).run());
        assertFalse(Files.exists(out), "nothing may be written before the sweep is known to be valid");
    }

    @Test
    void aRelativeFolderReachesEveryRunAsAnAbsolutePathWhateverItsWorkingDirectory() {
        SweepPlan plan = Sweep.of("segmentation").fixed(Map.of("data", "images/../kvasir")).seeds(2)
                .plan(Experiments.find("segmentation"));
        for (SweepRun run : plan.runs()) {
            assertEquals(Path.of("kvasir").toAbsolutePath().toString(), plan.parameters(run).get("data"), run.id());
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)     // a hang fails; a slow, loaded machine does not
    void aSweepWritesOneRunFolderPerPointAndSeedRecordsAFailedRunAndSkipsEverythingWhenRunAgain(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("sweep");
        Path broken = new SweepRun(Map.of("lr", "0.001"), 7).directory(out);
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("config.json"), "{ not json");   // its resume fails: both attempts
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sweep sweep = Sweep.of("segmentation").grid("lr=0.01,0.001").fixed(TINY).out(out).workers(2).threads(2)
                .console(new PrintStream(console, true, StandardCharsets.UTF_8));
        Sweep.Outcome first = sweep.run();
        String printed = console.toString(StandardCharsets.UTF_8);
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 2, 2, 1), first, printed);
        assertTrue(printed.contains("lr=0.001/seed-7 failed on") && printed.contains("retrying it once"), printed);

        Path done = out.resolve("lr=0.01/seed-7");
        for (String file : List.of("config.json", "metrics.csv", "results.md", "results.json", RunMarker.DONE_FILE)) {
            assertTrue(Files.isRegularFile(done.resolve(file)), done.resolve(file) + " is missing");
        }
        assertTrue(Files.isRegularFile(out.resolve("logs/lr=0.01-seed-7.log")));
        RunMarker.Failed failed = RunMarker.readFailed(broken);
        assertTrue(failed.error().contains("not valid JSON"), failed.toString());
        assertEquals(2, failed.attempts());

        List<String> csv = Files.readAllLines(out.resolve(SweepReport.RUNS_FILE));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("run,") && csv.get(0).contains(",epochs,")
                && csv.get(0).contains(",lr,seed,status,seconds,host,accuracy,ahd,best-epoch,dice,")
                && csv.get(0).endsWith(",error"), csv.get(0));
        assertTrue(csv.get(1).startsWith("lr=0.01/seed-7,") && csv.get(1).contains(",done,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("lr=0.001/seed-7,") && csv.get(2).contains(",failed,")
                && csv.get(2).contains("not valid JSON"), csv.get(2));
        String results = Files.readString(out.resolve("results.md"));
        assertTrue(results.contains("Runs: 1 of 2 done, 1 failed") && results.contains("- failed: `lr=0.001/seed-7`"),
                results);

        // repaired, the failed run starts afresh and the sweep completes, the done run untouched; then nothing to do
        FileTime before = Files.getLastModifiedTime(done.resolve("metrics.csv"));
        deleteTree(broken);
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 2, 1, 0), sweep.run());
        assertEquals(before, Files.getLastModifiedTime(done.resolve("metrics.csv")));
        FileTime report = Files.getLastModifiedTime(out.resolve(SweepReport.RUNS_FILE));
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 2, 0, 0), sweep.run());
        assertEquals(report, Files.getLastModifiedTime(out.resolve(SweepReport.RUNS_FILE)));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aSweepOfAReproductionEndsWithItsClaimsJudgedOverTheSeeds(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        Map<String, Object> tiny = Map.of("epochs", 1, "train", 4, "val", 2, "test", 2, "size", 16, "batch", 2,
                "filters", 2, "levels", 2, "steps", 1, "datasets", "cells");
        Sweep.Outcome outcome = Sweep.of("blocks").seeds(2).fixed(tiny).out(out).workers(2).threads(2)
                .console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 2, 2, 0), outcome);
        String results = Files.readString(out.resolve("results.md"));
        int claims = results.indexOf("\n## Claims\n\n");
        assertTrue(claims > results.indexOf("**Table 3.**") && results.contains("**Table 3.**"), results);
        List<String> verdicts = results.substring(claims).lines().filter(l -> l.startsWith("- **")).toList();
        assertEquals(BlocksExperiment.CLAIMS.size(), verdicts.size(), results);
        // a claim that fails on the mean table needs no test; one that holds there names the test and its p-value
        assertTrue(verdicts.get(0).matches("- \\*\\*(supported|not supported|inconclusive)\\*\\* \\(2 seeds, mean"
                + "(; paired t-test, largest p = .*)?\\): " + Pattern.quote(
                        BlocksExperiment.CLAIMS.get(0).statement()) + " .*"), verdicts.get(0));
    }

    @Test
    void anotherSweepIntoTheSameFolderIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        new SweepPlan("segmentation", "", Map.of(), List.of(Map.of()), List.of(7L)).saveOrCheck(out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.of("segmentation").seeds(2).out(out).run());
        assertTrue(e.getMessage().contains("holds another sweep"), e.getMessage());
    }

    @Test
    void twoDriversNeverRunOneSweep(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        Sweep sweep = Sweep.of("segmentation").fixed(TINY).out(out);
        new SweepPlan("segmentation", "", Map.of(), List.of(Map.of()), List.of(7L)).saveOrCheck(out);
        Files.delete(out.resolve(SweepPlan.FILE_NAME));
        try (var channel = java.nio.channels.FileChannel.open(out.resolve(Sweep.LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                var held = channel.lock()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, sweep::run);
            assertTrue(e.getMessage().contains("another sweep driver is running on"), e.getMessage());
        }
        assertFalse(Files.exists(out.resolve("default")), "no run may start");
    }

    static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
