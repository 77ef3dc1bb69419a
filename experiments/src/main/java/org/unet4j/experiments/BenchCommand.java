package org.unet4j.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.bench.Reference;
import org.unet4j.experiments.bench.Yardstick;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j bench}: the benchmark record. Runs the chosen yardsticks ({@link Yardstick}) and, with
 * {@code --reference}, the PyTorch/SciPy twin of every figure right after it, and prints a Markdown header
 * (machine, date, command, load) and one table per yardstick. {@code BENCHMARKS.md} is the output of
 * {@code ./unet4j bench all --reference}.
 */
@Command(name = "bench",
        description = {"Measure the benchmark record: every yardstick (engine, unet, unet3d, softcut, solvers, maxflow,"
                + " zoo, data) or the ones named, each figure beside its PyTorch/SciPy twin with --reference, printed as"
                + " Markdown tables. BENCHMARKS.md is the output of './unet4j bench all --reference'."})
public final class BenchCommand implements Runnable {
    private static final Path DEFAULT_SCRIPT = Path.of("bench", "reference.py");

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "YARDSTICK", arity = "0..*",
            description = "all (the default), or one or more of: engine, unet, unet3d, softcut, solvers, maxflow, zoo,"
                    + " data.")
    private List<String> names = new ArrayList<>();

    @Option(names = "--reference",
            description = "Run the PyTorch/SciPy reference (bench/reference.py) beside every figure.")
    private boolean reference;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "The Python with torch, numpy and scipy for --reference (default: ${DEFAULT-VALUE}).")
    private Path python;

    @Option(names = "--reference-script", paramLabel = "FILE",
            description = "The reference script (default: bench/reference.py in the current folder, else in the"
                    + " checkout this unet4j was built from).")
    private Path script;

    @Option(names = "--note", paramLabel = "TEXT",
            description = "A sentence for the header, e.g. on the machine's load.")
    private String note;

    @Override
    public void run() {
        List<Yardstick> yardsticks = yardsticks();
        String selection = names.isEmpty() ? "all" : String.join(" ", names);
        String flag = reference ? " --reference" : "";
        PrintStream out = System.out;
        try (Reference ref = reference ? Reference.start(python, script(), Parallel.threads()) : Reference.ABSENT) {
            header(out, "./unet4j bench " + selection + flag, ref);
            for (Yardstick y : yardsticks) {
                y.measure(ref, "./unet4j bench " + y.label() + flag).print(out);
            }
            out.printf(Locale.ROOT, "Load average (1 min) at the end: %.1f.%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private List<Yardstick> yardsticks() {
        if (names.isEmpty() || names.equals(List.of("all"))) {
            return List.of(Yardstick.values());
        }
        Set<Yardstick> chosen = new LinkedHashSet<>();
        for (String name : names) {
            try {
                chosen.add(Yardstick.named(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return List.copyOf(chosen);
    }

    /** The reference script: --reference-script, else bench/reference.py here, else in the build's checkout. */
    private Path script() {
        if (script != null) {
            return script;
        }
        if (Files.isRegularFile(DEFAULT_SCRIPT)) {
            return DEFAULT_SCRIPT;
        }
        try {
            // experiments/target/classes -> the checkout's top folder
            Path classes = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path top = classes.getParent() == null || classes.getParent().getParent() == null ? null
                    : classes.getParent().getParent().getParent();
            return top == null ? DEFAULT_SCRIPT : top.resolve(DEFAULT_SCRIPT);
        } catch (URISyntaxException | SecurityException e) {
            return DEFAULT_SCRIPT;
        }
    }

    private void header(PrintStream out, String command, Reference ref) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        out.println("# unet4j benchmark record");
        out.println();
        out.printf(Locale.ROOT, "Generated by `%s` on %s.%n%n", command,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        out.printf(Locale.ROOT, "Machine: %d processors (%s), %.0f GiB; %s %s, CPU pool %d threads; reference: %s."
                + " Load average (1 min) at the start: %.1f.%n%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), os.getTotalMemorySize() / (double) (1L << 30), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Parallel.threads(), ref.description(),
                os.getSystemLoadAverage());
        out.println("Every figure is a median wall time. Each unet4j figure is measured right before its reference"
                + " twin, so a ratio (unet4j / reference: below 1, unet4j is faster) compares two measurements under"
                + " the same load. `bench/reference.py` holds the twins.");
        if (note != null && !note.isBlank()) {
            out.println();
            out.println(note.strip());
        }
        out.println();
    }

    /** The processor's model name from /proc/cpuinfo, or the architecture where there is none. */
    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse(System.getProperty("os.arch"));
            } catch (IOException | UncheckedIOException e) {
                return System.getProperty("os.arch");
            }
        }
        return System.getProperty("os.arch");
    }
}
