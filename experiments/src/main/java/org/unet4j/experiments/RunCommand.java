package org.unet4j.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.RunOptions;

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
        RunOptions options = cli.runOptions().outputDirectory(out).device(deviceName).resume(resume)
                .pauseAfterEpoch(pauseAfter).detectAnomalies(detectAnomalies).build();
        try {
            Experiments.run(experiment, params, options);
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
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
