package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anUnknownYardstickFailsListingTheYardsticks() {
        assertEquals(2, run("bench", "gemm"));
        assertTrue(err.toString().startsWith("unknown yardstick 'gemm'; choose all or engine, unet, unet3d, softcut,"
                + " solvers, maxflow"), err.toString());
    }

    @Test
    void aMissingReferenceScriptFailsBeforeMeasuringAndNamesTheWayOut() {
        assertEquals(2, run("bench", "engine", "--reference", "--reference-script", "no/such/reference.py"));
        assertTrue(err.toString().contains("the reference script no/such/reference.py does not exist"),
                err.toString());
        assertTrue(err.toString().contains("leave out --reference"), err.toString());
    }

    @Test
    void aPythonThatCannotStartFailsNamingTheOption() {
        assertEquals(2, run("bench", "engine", "--reference", "--python", "no/such/python"));
        assertTrue(err.toString().contains("cannot start no/such/python for the PyTorch/SciPy reference"),
                err.toString());
        assertTrue(err.toString().contains("pass --python or leave out --reference"), err.toString());
    }
}
