package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep, worker and run --seeds commands refuse bad input before any run starts, naming the problem. */
class SweepCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aGridNamingNoParameterIsAUsageError(@TempDir Path tmp) {
        Path out = tmp.resolve("sweep");
        assertEquals(2, run("sweep", "segmentation", "--grid", "learning-rate=1e-3", "--out", out.toString()));
        assertTrue(err.toString().contains("--grid names 'learning-rate', which is not a parameter"), err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnknownFixedParameterListsTheParameters(@TempDir Path tmp) {
        assertEquals(2, run("sweep", "segmentation", "--grid", "lr=1e-3", "--epoch", "3", "--out",
                tmp.resolve("s").toString()));
        assertTrue(err.toString().contains("The parameters of segmentation are: --dataset"), err.toString());
    }

    @Test
    void randomNeedsAGridAndWorkersMustBePositive(@TempDir Path tmp) {
        assertEquals(2, run("sweep", "segmentation", "--random", "3", "--out", tmp.resolve("a").toString()));
        assertTrue(err.toString().contains("--random needs --grid"), err.toString());
        assertEquals(2, run("sweep", "segmentation", "--workers", "0", "--out", tmp.resolve("b").toString()));
        assertTrue(err.toString().contains("--workers must be 1 or more"), err.toString());
    }

    @Test
    void runWithSeedsIsASweepThatContinuesByRunningItAgainNotByResume(@TempDir Path tmp) {
        assertEquals(2, run("run", "segmentation", "--seeds", "2", "--resume", "--out", tmp.toString()));
        assertTrue(err.toString().contains("leave out --resume and --pause-after"), err.toString());
        assertEquals(2, run("run", "segmentation", "--seeds", "0", "--out", tmp.resolve("z").toString()));
        assertTrue(err.toString().contains("--seeds must be 1 or more"), err.toString());
    }

    @Test
    void aWorkerNeedsTheDriverToJoin() {
        assertEquals(2, run("worker"));
        assertTrue(err.toString().contains("Missing required option: '--join=HOST[:PORT]'"), err.toString());
    }
}
