package org.unet4j.experiments.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;

/**
 * One attempt at one run, executed in a fresh JVM on the machine that calls it ({@link ChildRun}), its console
 * output appended to the run's log in {@code <sweep>/logs/}. A separate JVM per run keeps runs apart: a crash or
 * a full heap ends that run only, and global settings (threads, default device) never leak between runs. Sent to
 * cluster members as is (the run folder must be at the same path there: a shared file system). When the calling
 * JVM's cluster member shuts down, or the calling thread is interrupted, the child JVM is destroyed (and the attempt
 * reported {@link RunOutcome#lost lost}, should the answer still reach the driver); a task that reaches a member
 * already shutting down starts no child at all; the child also ends itself when its parent dies, so a killed worker
 * leaves no run writing behind it.
 *
 * <p>A task carries the experiment's name, the sweep folder (absolute), the run, all its parameters as text, the
 * CPU threads of the run (0: the executing cluster member's share) and the device name.
 */
public final class RunTask implements Callable<RunOutcome>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String experiment;
    private final String sweep;
    private final SweepRun run;
    private final LinkedHashMap<String, String> parameters;
    private final int threads;
    private final String device;
    private transient HazelcastInstance member;

    /** A task for {@code run} of the sweep in {@code sweep}; see the class comment for the arguments. */
    public RunTask(String experiment, Path sweep, SweepRun run, Map<String, String> parameters, int threads,
            String device) {
        this.experiment = experiment;
        this.sweep = sweep.toAbsolutePath().toString();
        this.run = run;
        this.parameters = new LinkedHashMap<>(parameters);
        this.threads = threads;
        this.device = device;
    }

    /** The run this task attempts. */
    public SweepRun run() {
        return run;
    }

    /** Called by Hazelcast on the member that executes the task. */
    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public RunOutcome call() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path folder = Path.of(sweep);
        String host = InetAddress.getLocalHost().getHostName();
        if (!Files.isRegularFile(folder.resolve(SweepPlan.FILE_NAME))) {
            return new RunOutcome(run, false, false, "the sweep folder " + sweep + " is not visible on " + host
                    + ": run folders live on a shared file system, mounted at the same path on every worker", 0, host);
        }
        if (member != null && !member.getLifecycleService().isRunning()) {
            return RunOutcome.lost(run, host);              // accepted as the member shuts down: start nothing
        }
        int runThreads = threads > 0 ? threads : ClusterMember.threadsPerRun(member);
        Path log = run.consoleLog(folder);
        Files.createDirectories(log.getParent());
        String worker = member == null ? host : member.getCluster().getLocalMember().getAddress().toString();
        AtomicBoolean leaving = new AtomicBoolean();
        AtomicReference<Process> child = new AtomicReference<>();
        UUID listener = member == null ? null : member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                leaving.set(true);
                Process started = child.get();
                if (started != null) {
                    destroy(started);
                }
            }
        });
        try {
            if (leaving.get() || member != null && !member.getLifecycleService().isRunning()) {
                return RunOutcome.lost(run, worker);
            }
            Process process = new ProcessBuilder(command(runThreads)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            child.set(process);
            if (leaving.get()) {                // the shutdown began while the child started: the listener missed it
                destroy(process);
            }
            int status = process.waitFor();
            if (leaving.get()) {                // the answer may still get through: the run is lost, not failed
                return RunOutcome.lost(run, worker);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Path directory = run.directory(folder);
            if (status == 0 && RunMarker.isDone(directory)) {
                return new RunOutcome(run, true, false, "", seconds, host);
            }
            return new RunOutcome(run, false, false, lastLine(log, status) + " (log: " + log + ")", seconds, host);
        } catch (InterruptedException e) {
            Process started = child.get();
            if (started != null) {
                destroy(started);
            }
            throw e;
        } finally {
            if (listener != null && member.getLifecycleService().isRunning()) {
                member.getLifecycleService().removeLifecycleListener(listener);
            }
        }
    }

    /**
     * The child JVM's command: this JVM's module, memory and {@code -XX} flags, except that a run on OpenCL (or
     * {@code auto}) gets the G1 collector whatever this JVM runs on, as the launcher chooses for OpenCL (G1 leaves
     * the OpenCL arena in place); a worker started without {@code --device} runs the parallel collector.
     */
    List<String> command(int runThreads) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String deviceName = device.toLowerCase(Locale.ROOT);
        boolean openCl = deviceName.startsWith("opencl") || deviceName.equals("auto");
        for (int i = 0; i < jvm.size(); i++) {
            String a = jvm.get(i);
            if (a.equals("--add-modules") || a.equals("--add-opens") || a.equals("--add-exports")) {
                command.add(a);
                command.add(jvm.get(++i));
            } else if ((a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-Xm")
                    || a.startsWith("-Xss") || a.startsWith("-XX:") || a.startsWith("-Dunet4j."))
                    && !(openCl && a.matches("-XX:[+-]Use\\w+GC"))) {
                command.add(a);
            }
        }
        if (openCl) {
            command.add("-XX:+UseG1GC");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildRun.class.getName(),
                Long.toString(ProcessHandle.current().pid()), experiment, run.directory(Path.of(sweep)).toString(),
                Long.toString(run.seed()), Integer.toString(runThreads), device));
        parameters.forEach((k, v) -> command.add(k + "=" + v));
        return command;
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child's last line of output, where it states its failure, or the exit status. */
    private static String lastLine(Path log, int status) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(ChildRun.FAILURE_PREFIX)) {
                return lines.get(i).substring(ChildRun.FAILURE_PREFIX.length());
            }
        }
        return status == 0 ? "the run ended without its completion marker" : "the run's JVM exited with status "
                + status;
    }
}
