package org.unet4j.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;
import org.unet4j.experiments.sweep.Sweep;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code unet4j run NAME --param value ...}: runs an experiment. The experiment's own parameters are parsed in a
 * second pass, against options built from its {@link Param}s, so an unknown one fails with the valid names; a
 * value outside a parameter's domain fails in {@link Experiments#run} with the accepted values, before any work.
 */
@Command(name = "run", sortOptions = false,
        description = "Run an experiment: './unet4j run NAME --param value ...'. 'describe NAME' lists its parameters."
                + " Writes config.json, metrics.csv, results.md, run.log, plots/ and checkpoints/ to --out.")
public final class RunCommand implements Runnable {
    @ParentCommand
    private Unet4jCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment, as 'list' shows it.")
    private String name;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: runs/NAME-<timestamp>); with --resume, the run to continue.")
    private Path out;

    @Mixin
    private DeviceOption device;

    @Option(names = "--resume",
            description = "Continue the run in --out from its last checkpoint, with its saved parameters and seed"
                    + " (a parameter or --seed given must equal the saved one).")
    private boolean resume;

    @Option(names = "--pause-after", paramLabel = "EPOCH", defaultValue = "0",
            description = "Stop cleanly after this epoch, checkpointed, to continue later with --resume.")
    private int pauseAfter;

    @Option(names = "--detect-anomalies",
            description = "Fail at the first op that produces NaN or infinity, naming it (slower).")
    private boolean detectAnomalies;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Run with N seeds (--seed, --seed + 1, ...) as a sweep of one point: one run folder per seed"
                    + " in --out (default runs/sweep-NAME), and the tables with mean ± sd, n and 95 %% CI over them.")
    private Integer seeds;

    @Unmatched
    private List<String> experimentArguments = new ArrayList<>();

    @Override
    public void run() {
        Experiment experiment;
        try {
            experiment = Experiments.find(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String deviceName = device.checked(spec.commandLine());
        if (resume && out == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs the run directory to continue: add --out"
                    + " DIR (e.g. --out runs/" + name + "-20250101-120000)");
        }
        if (pauseAfter < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--pause-after': " + pauseAfter
                    + " (must be 0 or more)");
        }
        Map<String, String> params = parseParameters(experiment);
        if (seeds != null) {
            runSeeds(params, deviceName);
            return;
        }
        RunOptions options = cli.runOptions().outputDirectory(out).device(deviceName).resume(resume)
                .pauseAfterEpoch(pauseAfter).detectAnomalies(detectAnomalies).build();
        try {
            Experiments.run(experiment, params, options);
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --seeds N}: a sweep of the one point the parameters give, resumable by running it again. */
    private void runSeeds(Map<String, String> params, String deviceName) {
        if (resume || pauseAfter > 0) {
            throw new ParameterException(spec.commandLine(), "--seeds runs a sweep, which continues by running the same"
                    + " command again: leave out --resume and --pause-after");
        }
        try {
            Sweep.Outcome outcome = Sweep.of(name).seeds(seeds).firstSeed(cli.seed()).fixed(params).out(out)
                    .device(deviceName).run();
            if (outcome.failed() > 0) {
                throw new IllegalStateException(outcome.failed() + " of " + outcome.runs() + " runs failed; their"
                        + " errors are in " + outcome.folder().resolve("results.md"));
            }
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Parses the experiment's own options, given as {@code --name value} or {@code --name=value}. */
    private Map<String, String> parseParameters(Experiment experiment) {
        CommandSpec params = ParamOptions.addTo(CommandSpec.create(), experiment.params());
        CommandLine parser = new CommandLine(params);
        try {
            parser.parseArgs(experimentArguments.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + "\nThe parameters of " + experiment.name()
                    + " are: " + String.join(", ", experiment.params().stream().map(p -> "--" + p.name()).toList())
                    + " (./unet4j describe " + experiment.name() + " shows their values).");
        }
        return ParamOptions.given(parser.getParseResult(), experiment.params());
    }
}
