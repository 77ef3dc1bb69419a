package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.ParamValues;
import org.unet4j.experiments.api.RunOptions;

import com.hazelcast.core.HazelcastInstance;

/**
 * A sweep: one ordinary run folder per point of a grid (or of {@code random} samples from ranges) and per seed,
 * then {@code runs.csv}, {@code results.md} with the spread over seeds and {@code plots/}. Any {@link Experiment}
 * can be swept. The grid and the fixed parameters are checked against the experiment's {@link Param}s and
 * {@link Experiment#validate} for every point before any run starts. Running the same sweep into the same folder
 * again skips the runs that are done, resumes the interrupted ones from their checkpoints and retries the failed
 * ones; when all are done it does nothing.
 *
 * <pre>{@code
 * Sweep.of("segmentation").grid("lr=1e-3,1e-4; model=unet,conv-net").seeds(5).fixed(Map.of("epochs", 3))
 *      .out(Path.of("runs/lr-sweep")).workers(2).run();
 * }</pre>
 *
 * Seeds are {@code firstSeed, firstSeed + 1, ...}, the same for every point, so configurations are compared paired
 * over seeds (the same data split and initial weights where the parameters allow).
 */
public final class Sweep {
    /** Held (an OS file lock) by the driver of the sweep while it runs, so that two drivers never run one sweep. */
    static final String LOCK_FILE = "sweep.lock";

    private final String experiment;
    private String grid;
    private int random;
    private int seeds = 1;
    private long firstSeed = RunOptions.DEFAULT_SEED;
    private final Map<String, Object> fixed = new LinkedHashMap<>();
    private Path out;
    private int workers = 1;
    private int threads;
    private String device = Device.defaultDevice().name();
    private ClusterMember cluster;
    private HazelcastInstance member;
    private PrintStream console = System.out;

    private Sweep(String experiment) {
        this.experiment = experiment;
    }

    /** A sweep of the experiment {@code name}: one point, one seed, until told otherwise. */
    public static Sweep of(String name) {
        return new Sweep(name);
    }

    /** The swept axes, {@code 'lr=1e-3,1e-4; block=PLN,DB'} (ranges {@code low..high[:log]} with {@link #random}). */
    public Sweep grid(String text) {
        this.grid = text;
        return this;
    }

    /** Sample {@code points} distinct points from the grid's lists and ranges instead of taking every combination. */
    public Sweep random(int points) {
        this.random = points;
        return this;
    }

    /** Runs per point, with seeds {@code firstSeed, firstSeed + 1, ...} (default 1). */
    public Sweep seeds(int count) {
        this.seeds = count;
        return this;
    }

    /** The first seed (default {@value RunOptions#DEFAULT_SEED}); also the seed of {@link #random} sampling. */
    public Sweep firstSeed(long seed) {
        this.firstSeed = seed;
        return this;
    }

    /** Parameters given once for every run, name to value. */
    public Sweep fixed(Map<String, ?> values) {
        this.fixed.putAll(values);
        return this;
    }

    /** The sweep folder (default {@code runs/sweep-NAME}). */
    public Sweep out(Path folder) {
        this.out = folder;
        return this;
    }

    /** Runs at once on this machine, each in its own JVM (default 1). */
    public Sweep workers(int count) {
        this.workers = count;
        return this;
    }

    /** CPU threads shared by the runs going at once on this machine (default: the current setting). */
    public Sweep threads(int total) {
        this.threads = total;
        return this;
    }

    /** The device of every run ({@code cpu}, {@code opencl}, ...). */
    public Sweep device(String name) {
        this.device = name;
        return this;
    }

    /** Run on a Hazelcast cluster through this embedded member instead of local worker JVMs. */
    public Sweep cluster(ClusterMember member) {
        this.cluster = member;
        return this;
    }

    /** Run on the cluster of {@code started}, a member this JVM already runs (left running at the end). */
    public Sweep cluster(HazelcastInstance started) {
        this.member = started;
        return this;
    }

    /** Where the progress goes (default standard output). */
    public Sweep console(PrintStream stream) {
        this.console = stream;
        return this;
    }

    /**
     * What an invocation did.
     *
     * @param folder  the sweep folder
     * @param runs    the runs of the sweep
     * @param started the runs this invocation attempted (0: all were done already)
     * @param failed  the runs that failed in this invocation
     */
    public record Outcome(Path folder, int runs, int started, int failed) {
    }

    /** Checks everything, then runs what is not done and writes the aggregated outputs. */
    public Outcome run() throws IOException, InterruptedException {
        Experiment e = Experiments.find(experiment);
        SweepPlan plan = plan(e);
        Path folder = (out != null ? out : Path.of("runs", "sweep-" + experiment)).toAbsolutePath().normalize();
        plan.saveOrCheck(folder);
        List<SweepRun> all = plan.runs();
        List<SweepRun> todo = all.stream().filter(r -> !RunMarker.isDone(r.directory(folder))).toList();
        if (todo.isEmpty() && Files.exists(folder.resolve(SweepReport.RUNS_FILE))) {
            console.println("sweep: all " + all.size() + " runs in " + folder + " are done; nothing to do");
            return new Outcome(folder, all.size(), 0, 0);
        }
        try (FileChannel lock = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = tryLock(lock)) {
            if (held == null) {
                throw new IllegalStateException("another sweep driver is running on " + folder + "; wait for it to"
                        + " end (or stop it), then run this command again to continue the sweep");
            }
            return runLocked(e, plan, folder, all, todo);
        }
    }

    /** The lock, or null when another process, or another sweep in this JVM, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private Outcome runLocked(Experiment e, SweepPlan plan, Path folder, List<SweepRun> all, List<SweepRun> todo)
            throws IOException, InterruptedException {
        int total = threads > 0 ? threads : Parallel.threads();
        console.println("sweep: " + plan.describe() + ": " + all.size() + " runs, " + (all.size() - todo.size())
                + " done already; output " + folder + " (run the same command again to continue it)");
        int failed = 0;
        if (!todo.isEmpty()) {
            try (RunEngine engine = engine()) {
                console.println("sweep: running on " + engine);
                int perRun = engine instanceof ClusterEngine ? 0 : Math.max(1, total / workers);
                failed = new SweepDriver(plan, folder, engine, perRun, device, console, all.size() - todo.size())
                        .run(todo);
            }
        }
        SweepReport.write(plan, folder, e.description());
        console.println("sweep: " + (all.size() - failed) + " of " + all.size() + " runs done" + (failed > 0
                ? ", " + failed + " failed (see results.md; run the sweep again to retry them)" : "")
                + "; tables in " + folder.resolve("results.md") + ", one row per run in runs.csv, plots in plots/");
        return new Outcome(folder, all.size(), todo.size(), failed);
    }

    private RunEngine engine() {
        if (member != null) {
            return new ClusterEngine(member, false);
        }
        return cluster != null ? new ClusterEngine(cluster.start(), true) : new LocalEngine(workers);
    }

    /** The plan, every point checked against the experiment's parameters and its {@code validate}. */
    SweepPlan plan(Experiment e) {
        if (seeds < 1) {
            throw new ParamException("--seeds must be 1 or more, got " + seeds);
        }
        if (workers < 1) {
            throw new ParamException("--workers must be 1 or more, got " + workers);
        }
        Map<String, Param<?>> params = new LinkedHashMap<>();
        e.params().forEach(p -> params.put(p.name(), p));
        Map<String, String> fixedText = new LinkedHashMap<>();
        fixed.forEach((name, value) -> {
            Param<?> p = params.get(name);
            if (p == null) {
                throw new ParamException("'" + name + "' is not a parameter of " + e.name() + "; its parameters are: "
                        + String.join(", ", params.keySet()));
            }
            fixedText.put(name, absoluteIfPath(p, p.format(p.accept(value))));
        });
        SweepSpace space = grid == null ? SweepSpace.single() : SweepSpace.parse(grid, e.params());
        if (random > 0 && grid == null) {
            throw new ParamException("--random needs --grid with the lists or ranges to sample from");
        }
        List<Map<String, String>> points = new ArrayList<>();
        for (Map<String, String> point : grid == null ? List.<Map<String, String>>of(Map.of())
                : random > 0 ? space.sample(random, firstSeed) : space.grid()) {
            Map<String, String> absolute = new LinkedHashMap<>();
            point.forEach((name, value) -> absolute.put(name, absoluteIfPath(params.get(name), value)));
            points.add(absolute);
        }
        for (String name : space.names()) {
            if (fixedText.containsKey(name)) {
                throw new ParamException(name + " is both swept (--grid) and fixed (--" + name + "): give it once");
            }
        }
        for (Map<String, String> point : points) {
            Map<String, Object> merged = new LinkedHashMap<>(fixedText);
            merged.putAll(point);
            e.validate(ParamValues.resolve(e.name(), e.params(), merged));
        }
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedList.add(firstSeed + i);
        }
        return new SweepPlan(e.name(), grid == null ? "" : space.toString(), fixedText, points, seedList);
    }

    /**
     * A file or folder parameter's value made absolute (against this JVM's working directory), so that every run's
     * JVM reads the same file whatever its own working directory: a worker on another machine, say.
     */
    private static String absoluteIfPath(Param<?> p, String value) {
        return p.typeName().equals("path") && !value.isEmpty() ? Path.of(value).toAbsolutePath().normalize().toString()
                : value;
    }
}
