package org.unet4j.experiments;

import java.io.PrintWriter;

import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.api.ExperimentFailedException;
import org.unet4j.experiments.api.FailureSummary;
import org.unet4j.experiments.api.OutOfMemoryAdvice;
import org.unet4j.experiments.api.RunOptions;
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
 * ./unet4j --verbose run segmentation --resume --out runs/vessels   # an error prints its stack trace too
 * </pre>
 */
@Command(name = "unet4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "A pure-Java research framework for U-Nets. './unet4j jshell' opens jshell with the framework"
                + " imported.",
        subcommands = {QuickstartCommand.class, ListCommand.class, DescribeCommand.class, RunCommand.class,
                PredictCommand.class, BenchCommand.class, DevicesCommand.class, VersionCommand.class,
                HelpCommand.class})
public final class Unet4jCli {
    /** The seed used when {@code --seed} is not given. */
    public static final long DEFAULT_SEED = 7;

    @Spec
    private CommandSpec spec;

    private long seed = DEFAULT_SEED;
    private boolean seedGiven;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace too (it is always in the run's run.log).")
    private boolean verbose;

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
        this.seedGiven = true;
    }

    /** The seed from {@code --seed}, or {@link #DEFAULT_SEED}. */
    public long seed() {
        return seed;
    }

    /**
     * Run options starting from the defaults, with the seed when {@code --seed} was given (a resumed run refuses a
     * given seed that differs from its own, and takes its own when none is given).
     */
    RunOptions.Builder runOptions() {
        RunOptions.Builder options = RunOptions.builder();
        return seedGiven ? options.seed(seed) : options;
    }

    /**
     * A fresh command line; {@link CommandLine#execute} runs it and returns the exit status. A word that names no
     * command is reported as an unknown command, with the commands there are and the nearest ones. A failure
     * while a command runs is reported in one line ({@link #reportFailure}), with its stack trace only under
     * {@code --verbose}.
     */
    public static CommandLine commandLine() {
        Unet4jCli command = new Unet4jCli();
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((error, failed, parseResult) -> command.reportFailure(error, failed));
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

    /**
     * Reports a failure of a running command on its error stream: one line with the cause (for a failed experiment
     * also the log, which holds the stack trace; for a full heap, what to do), then the stack trace under
     * {@code --verbose}. Returns the exit status 1.
     */
    private int reportFailure(Exception error, CommandLine failed) {
        PrintWriter err = failed.getErr();
        String line;
        if (error instanceof ExperimentFailedException run) {
            line = run.getMessage() + " (stack trace in " + run.logFile() + ")";
        } else {
            line = FailureSummary.of(error);
        }
        if (!verbose && !(error instanceof ExperimentFailedException)) {
            line += " (--verbose prints the stack trace)";
        }
        err.println("unet4j: " + line);
        if (verbose) {
            error.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /**
     * Runs the command line and exits with its status (0 success, 1 failure, 2 bad usage). Running out of heap
     * outside an experiment's run (which explains it itself) is explained here too.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("unet4j: " + OutOfMemoryAdvice.explain(e));
            status = 1;
        }
        System.exit(status);
    }
}
