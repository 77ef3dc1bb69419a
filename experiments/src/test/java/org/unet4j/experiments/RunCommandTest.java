package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The list, describe and run commands, and the errors run gives before any work starts. */
class RunCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void listNamesTheBuiltInExperiments() {
        assertEquals(0, execute("list"));
        assertTrue(out.toString().lines().anyMatch(line -> line.matches("segmentation +Train a U-Net.*")),
                out.toString());
    }

    @Test
    void describeShowsTheParameterTable() {
        assertEquals(0, execute("describe", "segmentation"));
        String text = out.toString();
        assertTrue(text.contains("parameter") && text.contains("default") && text.contains("values"), text);
        assertTrue(text.contains("--dataset") && text.contains("one of cells, vessels, lesions"), text);
        assertTrue(text.contains("an integer in [1, 100000]"), text);
    }

    @Test
    void anUnknownExperimentListsTheExperiments() {
        assertEquals(2, execute("run", "segmentaton"));
        assertTrue(err.toString().contains("no experiment named 'segmentaton'; the experiments are: "), err.toString());
        assertTrue(err.toString().contains(" segmentation, "), err.toString());
        assertEquals(2, execute("describe", "nope"));
    }

    @Test
    void anUnknownParameterListsTheParameters() {
        assertEquals(2, execute("run", "segmentation", "--epoch", "3"));
        assertTrue(err.toString().contains("--epoch"), err.toString());
        assertTrue(err.toString().contains("The parameters of segmentation are: --dataset, --model, --epochs"),
                err.toString());
    }

    @Test
    void anOutOfRangeOrInvalidValueNamesTheAcceptedValues() {
        assertEquals(2, execute("run", "segmentation", "--epochs", "0"));
        assertTrue(err.toString().contains("invalid value '0' for parameter 'epochs': expected an integer in [1,"
                + " 100000]"), err.toString());
        assertEquals(2, execute("run", "segmentation", "--dataset=retina"));
        assertTrue(err.toString().contains("expected one of cells, vessels, lesions, shapes, edges, disks"),
                err.toString());
    }

    @Test
    void anUnknownDeviceNamesTheDeviceNames() {
        assertEquals(2, execute("run", "segmentation", "--device", "cuda"));
        assertTrue(err.toString().contains("Invalid value for option '--device': unknown device 'cuda'; devices are"
                + " named cpu, opencl"), err.toString());
        assertEquals(2, execute("quickstart", "--device", "cuda"));
        assertTrue(err.toString().contains("unknown device 'cuda'"), err.toString());
    }

    @Test
    void resumeNeedsTheRunDirectory() {
        assertEquals(2, execute("run", "segmentation", "--resume"));
        assertTrue(err.toString().contains("--resume needs the run directory"), err.toString());
    }
}
