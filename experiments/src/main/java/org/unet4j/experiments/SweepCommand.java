package org.unet4j.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.sweep.ClusterMember;
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
 * {@code unet4j sweep NAME --grid 'lr=1e-3,1e-4; block=PLN,DB' --seeds 5 [--param value ...] --out DIR}: one run
 * per point and seed, then the tables with their spread over seeds ({@link Sweep}). Local worker JVMs by default;
 * {@code --cluster} makes this JVM a Hazelcast member that {@code unet4j worker --join HOST} processes join.
 */
@Command(name = "sweep", sortOptions = false,
        description = "Sweep an experiment over a grid and seeds: one run folder per point and seed, then runs.csv,"
                + " results.md (mean ± sd, n, 95 %% CI, bold where significantly best) and plots/ in --out. Run the"
                + " same command again to continue it: done runs are skipped, interrupted ones resumed.")
public final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    private Unet4jCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment, as 'list' shows it.")
    private String name;

    @Option(names = "--grid", paramLabel = "AXES",
            description = "Swept parameters: 'name=v1,v2; name2=v3,v4' (every combination), or with --random also"
                    + " ranges 'name=low..high' and 'name=low..high:log'.")
    private String grid;

    @Option(names = "--random", paramLabel = "N", defaultValue = "0",
            description = "Sample N distinct points from the --grid lists and ranges (seeded by --seed).")
    private int random;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Runs per point, with seeds --seed, --seed + 1, ... (default 1).")
    private int seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "The sweep folder (default: runs/sweep-NAME).")
    private Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Runs at once on this machine, each in its own JVM, --threads divided between them (default"
                    + " 1; with --cluster, 0 makes this machine only hand out runs).")
    private int workers;

    @Option(names = "--cluster",
            description = "Run on a Hazelcast cluster: this JVM becomes a member (running runs itself, one at a time"
                    + " per --workers), and 'unet4j worker --join THIS-HOST' on other machines adds workers. The"
                    + " --out folder must be on a file system every worker mounts at the same path.")
    private boolean useCluster;

    @Mixin
    private DeviceOption device;

    @Mixin
    private ClusterOptions cluster;

    @Unmatched
    private List<String> experimentArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Experiment experiment;
        try {
            experiment = Experiments.find(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Sweep sweep = Sweep.of(name).grid(grid).random(random).seeds(seeds).firstSeed(cli.seed()).out(out)
                .workers(useCluster ? Math.max(1, workers) : workers).device(device.checked(spec.commandLine()))
                .fixed(parseParameters(spec.commandLine(), experiment, experimentArguments));
        if (useCluster) {
            sweep.cluster(cluster.member(spec.commandLine(), List.of(), workers, 0));
        }
        try {
            return sweep.run().failed() > 0 ? 1 : 0;
        } catch (ParamException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The experiment's own options, given as {@code --name value}, as {@code run} reads them. */
    static Map<String, String> parseParameters(CommandLine command, Experiment experiment, List<String> arguments) {
        CommandLine parser = new CommandLine(ParamOptions.addTo(CommandSpec.create(), experiment.params()));
        try {
            parser.parseArgs(arguments.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(command, e.getMessage() + "\nThe parameters of " + experiment.name()
                    + " are: " + String.join(", ", experiment.params().stream().map(p -> "--" + p.name()).toList())
                    + " (./unet4j describe " + experiment.name() + " shows their values).");
        }
        return ParamOptions.given(parser.getParseResult(), experiment.params());
    }
}
