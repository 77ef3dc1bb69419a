package org.unet4j.layers.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Backend;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Linear;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.optim.Adam;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential net(long seed, int hidden) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Sequential.of(new Linear(3, hidden, rng), new ReLU(), new Linear(hidden, 2, rng));
    }

    private static Adam trainedAdam(Sequential net) {
        Adam adam = new Adam(net.parameters(), 0.01);
        net.forward(Tensor.ones(4, 3)).sum().backward();
        adam.step();
        return adam;
    }

    private static void assertBitwiseEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((name, t) -> {
            Tensor u = actual.get(name);
            assertEquals(t.dtype(), u.dtype(), name);
            assertEquals(t.shape(), u.shape(), name);
            double[] a = t.toDoubleArray();
            double[] b = u.toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), name + "[" + i + "]");
            }
        });
    }

    @Test
    void roundTripRestoresModuleAndOptimizerBitForBit() throws IOException {
        Sequential saved = net(1, 5);
        Adam adam = trainedAdam(saved);
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, saved, adam);

        Sequential restored = net(2, 5);
        Adam restoredAdam = new Adam(restored.parameters(), 0.5);
        Checkpoint.load(file, restored, restoredAdam);
        assertBitwiseEqual(saved.stateDict(), restored.stateDict());
        assertBitwiseEqual(adam.stateDict(), restoredAdam.stateDict());
        assertEquals(0.01, restoredAdam.learningRate());
    }

    @Test
    void float64StateAndScalarsRoundTrip() throws IOException {
        Sequential saved = net(3, 4);
        saved.to(DType.FLOAT64);
        Path file = dir.resolve("f64.ckpt");
        Checkpoint.save(file, saved);
        Checkpoint read = Checkpoint.read(file);
        assertBitwiseEqual(saved.stateDict(), read.model());
        assertTrue(read.optimizer().isEmpty());
        Sequential target = net(4, 4);
        read.restore(target);
        assertEquals(DType.FLOAT32, target.parameters().get(0).dtype());
    }

    @Test
    void fileStartsWithMagicAndVersionAndHasTheDocumentedLength() throws IOException {
        Path file = dir.resolve("layout.ckpt");
        Sequential m = Sequential.of(new Linear(2, 1, new SplittableRandom(0)));
        Checkpoint.save(file, m);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("UNET4JCK", new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, bytes[11]);
        int payload = 4 + (1 + 4 + "0.weight".length() + 2 + 8 + 8) + (1 + 4 + "0.bias".length() + 2 + 4 + 4);
        assertEquals(20 + payload + 4, bytes.length);
    }

    @Test
    void loadingIntoAnotherShapeNamesTheFileAndTheFirstMismatch() throws IOException {
        Path file = dir.resolve("wide.ckpt");
        Checkpoint.save(file, net(1, 8));
        Sequential narrow = net(2, 5);
        float[] before = narrow.parameters().get(0).tensor().toFloatArray();
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, narrow));
        assertEquals("checkpoint " + file + ": the state does not fit this Sequential: '0.weight' has shape [5, 3] in"
                + " the module but [8, 3] in the state", e.getMessage());
        assertArrayEquals(before, narrow.parameters().get(0).tensor().toFloatArray());
    }

    @Test
    void missingAndUnexpectedNamesAreListed() throws IOException {
        Path file = dir.resolve("short.ckpt");
        SplittableRandom rng = new SplittableRandom(0);
        Checkpoint.save(file, Sequential.of(new Linear(3, 5, rng), new ReLU(), new Linear(5, 2, rng),
                new Linear(2, 2, rng)));
        Sequential target = Sequential.of(new Linear(3, 5, rng), new ReLU(), new Linear(5, 3, rng), new ReLU(),
                new Linear(3, 1, rng));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, target));
        assertTrue(e.getMessage().endsWith("'2.weight' has shape [3, 5] in the module but [2, 5] in the state;"
                + " missing from the state: [4.weight, 4.bias]; unexpected in the state: [3.weight, 3.bias]"),
                e.getMessage());
    }

    @Test
    void aFlippedByteIsReportedAsCorrupt() throws IOException {
        Path file = dir.resolve("flip.ckpt");
        Checkpoint.save(file, net(1, 5));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + " is corrupt: the CRC32 checksum does not match"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsReportedAsTruncated() throws IOException {
        Path file = dir.resolve("cut.ckpt");
        Checkpoint.save(file, net(1, 5));
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {bytes.length - 1, 30, 12}) {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
            assertTrue(e.getMessage().startsWith(file + " is truncated: it has " + length + " bytes"), e.getMessage());
        }
    }

    @Test
    void otherFilesAndVersionsAreRecognised() throws IOException {
        Path file = dir.resolve("other.bin");
        Files.writeString(file, "hello, this is not a checkpoint at all");
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage()
                .contains("is not a unet4j checkpoint"));
        Checkpoint.save(file, net(1, 5));
        byte[] bytes = Files.readAllBytes(file);
        bytes[11] = 9;
        Files.write(file, bytes);
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage()
                .endsWith("has checkpoint format version 9; this build reads version 1"));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(dir.resolve("absent.ckpt")))
                .getMessage().startsWith("there is no checkpoint at "));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("atomic.ckpt");
        Sequential good = net(1, 5);
        Checkpoint.save(file, good);
        byte[] before = Files.readAllBytes(file);

        Map<String, Tensor> state = new java.util.LinkedHashMap<>(good.stateDict());
        state.put("unreadable", unreadableTensor());
        Checkpoint broken = new Checkpoint(state, Map.of());
        assertThrows(UnsupportedOperationException.class, () -> broken.write(file));

        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void restoringOptimizerStateNeedsItInTheFile() throws IOException {
        Path file = dir.resolve("model-only.ckpt");
        Sequential m = net(1, 5);
        Checkpoint.save(file, m);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(file, m, new Adam(m.parameters(), 0.1)));
        assertEquals("checkpoint " + file + " holds no optimizer state", e.getMessage());
    }

    /** A tensor on a device whose data cannot be brought to the host: writing it fails halfway through a file. */
    private static Tensor unreadableTensor() {
        Backend cpu = Device.CPU.backend();
        Backend unreachable = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> method.invoke(cpu, args));
        return Tensor.fromBackend(Shape.of(4), DType.FLOAT32, new Device("unreachable", unreachable), new float[4]);
    }
}
