package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.experiments.api.Experiments;
import org.unet4j.experiments.api.RunOptions;

import com.hazelcast.core.HazelcastInstance;

/**
 * Sweeps on an in-process Hazelcast cluster on 127.0.0.1 (members in this JVM, each run in a child JVM with one
 * thread): the metrics equal those of the same runs done locally, bit for bit (all but the wall-clock column); a
 * worker killed in the middle of a run loses nothing; a finished sweep invoked again does nothing.
 */
class ClusterSweepTest {
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        for (int i = members.size() - 1; i >= 0; i--) {                  // workers first, the driver last
            members.get(i).getLifecycleService().shutdown();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)     // a hang fails; a slow, loaded machine does not
    void aTwoMemberClusterRunsATinySweepWithTheMetricsOfLocalRunsAndASecondInvocationDoesNothing(@TempDir Path tmp)
            throws Exception {
        int port = freePort();
        HazelcastInstance driver = start(port, 1);
        start(port, 1);
        assertEquals(2, driver.getCluster().getMembers().size());
        Path out = tmp.resolve("sweep");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sweep sweep = Sweep.of("segmentation").grid("lr=0.01,0.001").seeds(2).fixed(LocalSweepTest.TINY).out(out)
                .cluster(driver).console(new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 4, 4, 0), sweep.run(),
                console.toString(StandardCharsets.UTF_8));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("a cluster of 2 member(s), 2 slot(s)"));
        for (String lr : List.of("0.01", "0.001")) {
            for (long seed : List.of(7L, 8L)) {
                assertSameMetricsAsALocalRun(out.resolve("lr=" + lr + "/seed-" + seed), Map.of("lr", lr), seed,
                        tmp.resolve("local-" + lr + "-" + seed));
            }
        }
        String results = Files.readString(out.resolve("results.md"));
        assertTrue(results.contains("Runs: 4 of 4 done") && results.contains("| lr=0.01 | 2 | "), results);
        assertTrue(results.contains("| lr=0.01 · ") && results.contains(" ± "), results);   // the experiment's table
        assertTrue(results.contains("95 % confidence intervals"), results);
        assertTrue(Files.isRegularFile(out.resolve("plots/box-dice.png")), "box plot");
        assertTrue(Files.isRegularFile(out.resolve("plots/curve-val_dice.png")), "learning curves");
        Path csv = out.resolve(SweepReport.RUNS_FILE);
        var modified = Files.getLastModifiedTime(csv);
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 4, 0, 0), sweep.run());
        assertEquals(modified, Files.getLastModifiedTime(csv));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)     // a hang fails; a slow, loaded machine does not
    void aWorkerKilledInTheMiddleOfARunLosesNothing(@TempDir Path tmp) throws Exception {
        int port = freePort();
        HazelcastInstance driver = start(port, 0);                  // hands out runs only
        HazelcastInstance doomed = start(port, 1);                  // the first member with a slot: gets the run
        start(port, 1);
        Path out = tmp.resolve("sweep");
        Map<String, Object> longer = new HashMap<>(LocalSweepTest.TINY);
        longer.put("epochs", 6);                                    // a wide window to kill it in, even under load
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Sweep sweep = Sweep.of("segmentation").fixed(longer).out(out).cluster(driver)
                .console(new PrintStream(console, true, StandardCharsets.UTF_8));
        CompletableFuture<Sweep.Outcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return sweep.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path run = out.resolve("default/seed-7");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!pastFirstEpoch(run) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(pastFirstEpoch(run) && !RunMarker.isDone(run), "the run must be killed between its first and"
                + " last epoch");
        doomed.getLifecycleService().terminate();
        Sweep.Outcome outcome = running.get(600, TimeUnit.SECONDS);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertEquals(new Sweep.Outcome(out.toAbsolutePath(), 1, 1, 0), outcome, printed);
        assertTrue(printed.contains("left; submitting it again, to resume from its checkpoint"), printed);
        assertFalse(printed.contains("retrying"), "a worker leaving costs the run none of its attempts: " + printed);
        assertTrue(Files.readString(run.resolve("run.log")).contains("resuming segmentation"));
        assertSameMetricsAsALocalRun(run, longer, 7, tmp.resolve("local"));
    }

    /** Starts a member on 127.0.0.1; the first forms the cluster, the others join it at the port it actually took. */
    private HazelcastInstance start(int port, int slots) {
        List<String> join = members.isEmpty() ? List.of() : List.of(InetAddress.getLoopbackAddress().getHostAddress()
                + ":" + members.get(0).getCluster().getLocalMember().getAddress().getPort());
        HazelcastInstance member = new ClusterMember("unet4j-test-" + port, port, "127.0.0.1", join, slots, 1, false)
                .start();
        members.add(member);
        return member;
    }

    private static boolean pastFirstEpoch(Path run) {
        try {
            Path metrics = run.resolve("metrics.csv");
            return Files.exists(metrics) && Files.readAllLines(metrics).size() >= 2;
        } catch (IOException e) {
            return false;                                            // being replaced: look again
        }
    }

    /** The run's metrics.csv equals that of the same run done in this JVM with one thread, but for the seconds. */
    private static void assertSameMetricsAsALocalRun(Path run, Map<String, ?> point, long seed, Path local)
            throws IOException {
        Map<String, Object> params = new HashMap<>(LocalSweepTest.TINY);
        params.putAll(point);
        int threads = Parallel.threads();
        try {
            Experiments.run("segmentation", params, RunOptions.builder().seed(seed).outputDirectory(local).threads(1)
                    .build().silent());
        } finally {
            Parallel.setThreads(threads);
        }
        assertEquals(withoutSeconds(local.resolve("metrics.csv")), withoutSeconds(run.resolve("metrics.csv")),
                run.toString());
    }

    private static List<String> withoutSeconds(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        int seconds = List.of(lines.get(0).split(",")).indexOf("seconds");
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(seconds);
            kept.add(String.join(",", cells));
        }
        return kept;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
