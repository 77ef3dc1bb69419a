package org.unet4j.experiments;

import java.io.PrintWriter;

import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.output.VersionInfo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code unet4j} command line, started by the {@code ./unet4j} launcher at the top of the repository. The global
 * options {@code --threads} and {@code --seed} may be given before or after the command name.
 *
 * <pre>
 * ./unet4j quickstart --epochs 4
 * ./unet4j list
 * ./unet4j run segmentation --dataset vessels --epochs 10 --seed 3
 * ./unet4j --threads 1 version
 * </pre>
 */
@Command(name = "unet4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "A pure-Java research framework for U-Nets. './unet4j jshell' opens jshell with the framework"
                + " imported.",
        subcommands = {QuickstartCommand.class, ListCommand.class, DescribeCommand.class, RunCommand.class,
                BenchCommand.class, DevicesCommand.class, VersionCommand.class, HelpCommand.class})
public final class Unet4jCli {
    /** The seed used when {@code --seed} is not given. */
    public static final long DEFAULT_SEED = 7;

    @Spec
    private CommandSpec spec;

    private long seed = DEFAULT_SEED;

    /** Sizes the CPU backend's thread pool. */
    @Option(names = "--threads", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Threads of the CPU backend (default: UNET4J_THREADS, else the number of processors).")
    void setThreads(int threads) {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--threads': " + threads + " (must be 1 or more)");
        }
        Parallel.setThreads(threads);
    }

    /** Sets the seed of every random choice a command makes. */
    @Option(names = "--seed", paramLabel = "SEED", scope = ScopeType.INHERIT,
            description = "Seed of every random choice (data, initialisation, shuffling); default " + DEFAULT_SEED
                    + ".")
    void setSeed(long seed) {
        this.seed = seed;
    }

    /** The seed from {@code --seed}, or {@link #DEFAULT_SEED}. */
    public long seed() {
        return seed;
    }

    /**
     * A fresh command line; {@link CommandLine#execute} runs it and returns the exit status. A word that names no
     * command is reported as an unknown command, with the commands there are and the nearest ones.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Unet4jCli());
        IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((error, args) -> {
            if (!(error instanceof UnmatchedArgumentException unmatched) || error.getCommandLine() != cli
                    || unmatched.getUnmatched().isEmpty() || unmatched.getUnmatched().get(0).startsWith("-")) {
                return standard.handleParseException(error, args);
            }
            PrintWriter err = cli.getErr();
            err.println("Unknown command: '" + unmatched.getUnmatched().get(0) + "'. The commands are "
                    + String.join(", ", cli.getSubcommands().keySet()) + ", and jshell through ./unet4j.");
            UnmatchedArgumentException.printSuggestions(unmatched, err);
            err.println("Run './unet4j help' for usage, './unet4j help COMMAND' for a command's options.");
            err.flush();
            return cli.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    /** Runs the command line and exits with its status (0 success, 1 failure, 2 bad usage). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
