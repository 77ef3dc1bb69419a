package org.unet4j.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.hazelcast.core.HazelcastInstance;

/**
 * A run's JVM gets this JVM's flags, and the collector the launcher would choose for the run's device: G1 for
 * OpenCL, whatever collector the worker runs on (the tests run on the parallel collector). A task that reaches a
 * member already shutting down starts no run: nothing would destroy that run's JVM, and it would write the run's
 * folder alongside the attempt the driver submits next.
 */
class RunTaskTest {
    private static List<String> command(String device) {
        return new RunTask("segmentation", Path.of("sweep"), new SweepRun(Map.of("lr", "0.01"), 7), Map.of("lr",
                "0.01"), 1, device).command(1);
    }

    @Test
    void aCpuRunKeepsTheCollectorOfThisJvm() {
        List<String> command = command("cpu");
        assertTrue(command.contains("-XX:+UseParallelGC") && !command.contains("-XX:+UseG1GC"), command::toString);
        assertTrue(command.stream().anyMatch(a -> a.contains("jdk.incubator.vector")), command::toString);
    }

    @Test
    void anOpenClRunGetsG1Only() {
        for (String device : List.of("opencl", "OpenCL:0", "auto")) {
            List<String> command = command(device);
            assertEquals(List.of("-XX:+UseG1GC"), command.stream().filter(a -> a.matches("-XX:[+-]Use\\w+GC"))
                    .toList(), command::toString);
        }
    }

    @Test
    void theRunGoesToItsFolderWithItsSeedThreadsDeviceAndParameters() {
        List<String> command = command("cpu");
        int main = command.indexOf(ChildRun.class.getName());
        assertEquals(List.of("segmentation", Path.of("sweep").toAbsolutePath().resolve("lr=0.01/seed-7").toString(),
                "7", "1", "cpu", "lr=0.01"), command.subList(main + 2, command.size()), command::toString);
    }

    @Test
    void aTaskOnAMemberThatIsShuttingDownIsLostAndStartsNoRun(@TempDir Path tmp) throws Exception {
        Path sweep = tmp.resolve("sweep");
        Files.createDirectories(sweep);
        Files.writeString(sweep.resolve(SweepPlan.FILE_NAME), "{}");
        HazelcastInstance member = new ClusterMember("unet4j-runtask-test", 5701, "127.0.0.1", List.of(), 1, 1,
                false).start();
        member.getLifecycleService().terminate();
        SweepRun run = new SweepRun(Map.of("lr", "0.01"), 7);
        RunTask task = new RunTask("segmentation", sweep, run, Map.of("lr", "0.01"), 1, "cpu");
        task.setHazelcastInstance(member);

        assertEquals(RunOutcome.lost(run, InetAddress.getLocalHost().getHostName()), task.call());
        assertFalse(Files.exists(run.consoleLog(sweep)), "no run JVM was started");
    }
}
