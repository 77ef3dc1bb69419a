package org.unet4j.experiments;

import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.bench.EngineBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code unet4j bench}: runs the {@link EngineBenchmark} on the CPU backend's threads and prints its table. */
@Command(name = "bench",
        description = "Measure the engine's yardstick figures (SGEMM 1024^3; conv 3x3 64->64, batch 16 at 128x128,"
                + " forward and backward), as recorded in BENCHMARKS.md. Use --threads to choose the threads.")
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per figure after warm-up, the median is reported; the SGEMM gets ten times as"
                    + " many (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Override
    public void run() {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--runs': " + runs + " (must be 1 or more)");
        }
        int threads = Parallel.threads();
        EngineBenchmark.print(EngineBenchmark.run(threads, runs), threads, System.out);
    }
}
