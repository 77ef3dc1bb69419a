package org.unet4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.unet4j.experiments.output.VersionInfo;

import org.junit.jupiter.api.Test;

class Unet4jCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Unet4jCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unknownOptionFailsNamingIt() {
        assertEquals(2, run("quickstart", "--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("--epochs=INT"), "the usage that follows lists the valid options: " + err);
    }

    @Test
    void misspeltOptionFailsSuggestingTheRightOne() {
        assertEquals(2, run("quickstart", "--epoch", "3"));
        assertTrue(err.toString().contains("'--epoch'"), err.toString());
        assertTrue(err.toString().contains("Possible solutions: --epochs"), err.toString());
    }

    @Test
    void unknownCommandFailsNamingItAndTheCommandsThereAre() {
        assertEquals(2, run("--seed", "3", "train"));
        assertTrue(err.toString().startsWith("Unknown command: 'train'. The commands are quickstart, list, describe,"
                + " run, predict, bench, devices, version, help, and jshell through ./unet4j."), err.toString());
    }

    @Test
    void misspeltCommandFailsSuggestingTheRightOne() {
        assertEquals(2, run("quickstrat"));
        assertTrue(err.toString().contains("Unknown command: 'quickstrat'"), err.toString());
        assertTrue(err.toString().contains("Did you mean: unet4j quickstart"), err.toString());
    }

    @Test
    void extraArgumentsOfACommandAreReportedAsSuch() {
        assertEquals(2, run("version", "extra"));
        assertTrue(err.toString().contains("Unmatched argument at index 1: 'extra'"), err.toString());
    }

    @Test
    void zeroThreadsAreRejected() {
        assertEquals(2, run("quickstart", "--threads", "0"));
        assertTrue(err.toString().contains("Invalid value for option '--threads': 0 (must be 1 or more)"),
                err.toString());
    }

    @Test
    void nonNumericThreadsAreRejected() {
        assertEquals(2, run("--threads", "many", "version"));
        assertTrue(err.toString().contains("--threads"), err.toString());
    }

    @Test
    void invalidQuickstartSettingsAreUsageErrors() {
        assertEquals(2, run("quickstart", "--epochs", "0"));
        assertTrue(err.toString().contains("invalid value '0' for parameter 'epochs'"), err.toString());
    }

    @Test
    void quickstartHelpListsTheExperimentsParametersWithRangesAndDefaults() {
        assertEquals(0, run("help", "quickstart"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--epochs=INT Passes over the training images: an integer in [1, 100000] (default:"
                + " 10)."), help);
        assertTrue(help.contains("--dataset=CHOICE") && help.contains("one of cells, vessels"), help);
    }

    @Test
    void quickstartOptionsAreTheExperimentsParameters() {
        var quickstart = Unet4jCli.commandLine().getSubcommands().get("quickstart").getCommandSpec();
        for (var param : new Quickstart().params()) {
            assertTrue(quickstart.findOption("--" + param.name()) != null, "--" + param.name());
        }
    }

    @Test
    void aCommandIsRequired() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required subcommand"), err.toString());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("unet4j " + VersionInfo.version()), out.toString());
        assertTrue(!VersionInfo.version().contains("${"), "the version resource is filtered by the build");
    }

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheCommand() {
        assertEquals(0, run("--seed", "3", "version"));
        assertEquals(0, run("version", "--seed", "3"));
    }
}
